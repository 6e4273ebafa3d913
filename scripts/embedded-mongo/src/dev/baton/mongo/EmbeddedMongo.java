package dev.baton.mongo;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.IndexedH2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * Baton's embedded MongoDB wire-protocol server: mongo-java-server with its
 * H2 (MVStore) backend, made to keep the promises the engine relies on.
 *
 * - Durable before acknowledged: every write command's reply goes out only
 *   after a commit of the store that includes it (stock H2 commits on a
 *   timer and loses about a second of acknowledged writes on kill -9).
 *   Writes that finish while a commit runs share the next one.
 * - Filters use indexes: any unique index whose keys the filter gives
 *   values (`{_id, tenantId, rev}` through `_id_`), and secondary indexes
 *   kept in memory (see IndexPlanner, EqualityIndex).
 *
 * Usage: EmbeddedMongo --port N --file PATH [--host 127.0.0.1] [--cache-mb 512] [--threads 16]
 */
public final class EmbeddedMongo {

    private static final int PAGE_BYTES = 4 * 1024;

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
        "dropindexes", "deleteindexes", "create", "drop", "dropdatabase", "renamecollection", "collmod");

    public static void main(String[] args) {
        String host = "127.0.0.1";
        int port = 27017;
        String file = null;
        int cacheMb = 512;
        // commands run on these threads; a write waiting for its group commit holds one, so there are more than cores
        int threads = 16;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host": host = args[i + 1]; break;
                case "--port": port = Integer.parseInt(args[i + 1]); break;
                case "--file": file = args[i + 1]; break;
                case "--cache-mb": cacheMb = Integer.parseInt(args[i + 1]); break;
                case "--threads": threads = Integer.parseInt(args[i + 1]); break;
                default: fail("unknown option " + args[i]);
            }
        }
        if (file == null) {
            fail("--file is required");
        }
        MVStore store;
        try {
            Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
            // pages of 4 KB (H2's default is 16 KB): a commit writes every page a write
            // touched, whole, so a 1.5 KB instance updated re-serialised the ten or so
            // documents beside it; raw guarded writes 775 -> 900/s, campaign database
            // CPU 146 -> 103-134 ms per 1,000 recipients
            store = new MVStore.Builder().fileName(file).cacheSize(cacheMb).pageSplitSize(PAGE_BYTES).open();
        } catch (Exception e) {
            fail("cannot open " + file + ": " + firstLine(e));
            return;
        }
        // old chunks are reusable as soon as no commit and no running command needs them (see handleCommand)
        store.setRetentionTime(0);
        DurableBackend backend = new DurableBackend(store);
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(new InetSocketAddress(host, port), 1, threads);
        } catch (Exception e) {
            store.close();
            fail("cannot listen on " + host + ":" + port + ": " + firstLine(e));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            store.close();
        }));
        System.out.println("embedded MongoDB listening on " + host + ":" + port + ", data in " + file);
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static void fail(String message) {
        System.err.println("embedded MongoDB: " + message);
        System.exit(1);
    }

    static final class DurableBackend extends H2Backend {

        DurableBackend(MVStore store) {
            super(store);
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
        }

        /** Writes finished so far, and how many of them the last commit covered. */
        private final AtomicLong written = new AtomicLong();
        private final Object committing = new Object();
        private long committed;

        /**
         * A command reads the store as it was when it began: a scan, or a
         * delete that collects what it matched, walks the pages of that
         * version while other commands commit newer ones. With a retention
         * time of 0 a chunk whose pages all became old is reused as soon as
         * the store's oldest kept version has passed it, and a page the cache
         * had dropped was then no longer there ("Chunk 230 not found" while
         * a long find met writes to another collection). Each command holds
         * the version it began at until it ends, so what it reads stays on
         * disk; cursors hand out documents already read.
         */
        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            MVStore.TxCounter reading = getMvStore().registerVersionUsage();
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                getMvStore().deregisterVersionUsage(reading);
                if (writes(command, query)) {
                    commitCovering(written.incrementAndGet());
                }
            }
        }

        /**
         * Group commit: a write waits until a commit that started after it
         * finished. Whoever takes the lock commits every write finished so far,
         * so writes that finished while another commit ran share the next one
         * instead of each re-serialising the same pages.
         */
        private void commitCovering(long mine) {
            synchronized (committing) {
                if (committed >= mine) {
                    return;
                }
                long upTo = written.get();
                commit();
                committed = upTo;
            }
        }

        private static boolean writes(String command, Document query) {
            String name = command.toLowerCase(Locale.ROOT);
            if (WRITES.contains(name)) {
                return true;
            }
            if (name.equals("aggregate") && query.get("pipeline") instanceof java.util.List) {
                return ((java.util.List<?>) query.get("pipeline")).stream()
                    .anyMatch(stage -> stage instanceof Document && (((Document) stage).containsKey("$out") || ((Document) stage).containsKey("$merge")));
            }
            return false;
        }
    }
}
