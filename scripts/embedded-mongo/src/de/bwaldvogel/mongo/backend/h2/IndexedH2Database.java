package de.bwaldvogel.mongo.backend.h2;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CollectionUtils;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.EqualityIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.IndexPlanner;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/** H2 database whose collections read through every index a filter allows (see IndexPlanner). */
public class IndexedH2Database extends H2Database {

    // upstream's constructor opens the existing collections before a subclass
    // field could be set, so the store is read from upstream's own field
    private static final Field STORE;

    static {
        try {
            STORE = H2Database.class.getDeclaredField("mvStore");
            STORE.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
    }

    private MVStore store() {
        try {
            return (MVStore) STORE.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = store().openMap(DATABASES_PREFIX + fullName,
            new MVMap.Builder<Object, Document>().keyType(new StoredType()).valueType(new StoredType()));
        MVMap<String, Object> metaMap = store().openMap("meta." + fullName);
        return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    /**
     * A unique index's map, ordered by its keys' values (see KeyOrder). The
     * map has its own name: a data file written before, whose maps upstream
     * ordered by the keys' serialized bytes, loses the old map and rebuilds
     * the index from the documents when the collection opens.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        MVStore store = store();
        String legacy = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
        if (store.hasMap(legacy)) {
            store.removeMap(legacy);
        }
        MVMap<KeyValue, Object> map = store.openMap(orderedIndexMap(collectionName, indexName), new MVMap.Builder<KeyValue, Object>().keyType(new KeyOrder()).valueType(new StoredType()));
        return new H2UniqueIndex(map, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        String name = orderedIndexMap(collection.getCollectionName(), indexName);
        if (store().hasMap(name)) {
            store().removeMap(name);
        }
    }

    private String orderedIndexMap(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._keys_" + indexName;
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new EqualityIndex<>(indexName, keys);
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate") && query.get(command) instanceof String) {
            MongoCollection<Object> collection = resolveCollection((String) query.get(command), false);
            if (collection instanceof IndexedH2Collection) {
                IndexedH2Collection indexed = (IndexedH2Collection) collection;
                Document answer = IndexPlanner.aggregate(this, collection, Aggregation.parse(query.get("pipeline")), query,
                    resolver, oplog, indexed::candidateDocuments);
                if (answer != null) {
                    return answer;
                }
            }
        }
        return super.handleCommand(channel, command, query, resolver, oplog);
    }

    static final class IndexedH2Collection extends H2Collection {

        private static final String PREFIXES = "$prefixes";

        /**
         * Whether upstream's update path runs (findAndModify, and an upsert
         * that inserts; under the collection's lock). Upstream
         * updates the stored document object in place and answers queries with
         * the stored objects, which are written to the socket after the lock
         * is released: a reader could send half of a concurrent update, and
         * findAndModify could return another writer's result (measured: 222 of
         * 1,000 concurrent `$inc`s returned a number another call also got).
         * So an update works on copies, which then replace the stored objects:
         * a stored object never changes, and readers need no copy.
         */
        private boolean writing;

        /** Upstream's private `calculateUpdateDocument`: the update's rules, kept as upstream wrote them. */
        private static final MethodHandle CALCULATE_UPDATE;

        static {
            try {
                Method method = AbstractMongoCollection.class.getDeclaredMethod("calculateUpdateDocument",
                    Document.class, Document.class, ArrayFilters.class, Integer.class, boolean.class);
                method.setAccessible(true);
                CALCULATE_UPDATE = MethodHandles.lookup().unreflect(method);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Upstream's matcher is private to its class; this one finds the positional `$` of this collection's updates. */
        private final QueryMatcher matcher = new DefaultQueryMatcher();

        /** False while upstream's constructor runs (it asks for the data size before the collection is open). */
        private final boolean open;

        IndexedH2Collection(IndexedH2Database database, String collectionName, CollectionOptions options,
                            MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
            open = true;
        }

        /**
         * The data size (collStats' `size`) is counted when asked. Upstream
         * kept a running total: it encoded every inserted document once more
         * to BSON, every updated one twice (before and after), and wrote the
         * total to the store with each write, on the write's path.
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected synchronized int getDataSize() {
            if (!open) {
                return 0;
            }
            long total = 0;
            ByteBuf buffer = Unpooled.buffer();
            try {
                for (Document document : (Iterable<Document>) streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument)::iterator) {
                    buffer.clear();
                    BsonEncoder.encodeDocument(document, buffer);
                    total += buffer.writerIndex();
                }
            } finally {
                buffer.release();
            }
            return (int) Math.min(Integer.MAX_VALUE, total);
        }

        /**
         * Upstream's update with two whole-document copies fewer. Upstream
         * deep-copied the stored document, computed the new one (a second
         * deep copy) and rewrote the stored one's fields from it; then it
         * counted `nModified` by normalizing both whole documents into new
         * ones and comparing those. Here the new version, computed by
         * upstream's own rules, replaces the stored object, and counts as
         * modified when it differs from it as stored (a number that changes
         * type counts; upstream's `$set` already skips a value equal as a
         * number, such as 1.0 over 1, and so does MongoDB's). As no stored
         * object changes, the matched ones are read without the copy a
         * write otherwise gets (see `writing`). An upsert that matches
         * nothing takes upstream's path, which creates the document.
         */
        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                     boolean isMulti, boolean isUpsert, Oplog oplog) {
            if (isMulti && updateQuery.keySet().stream().anyMatch(key -> !key.startsWith("$"))) {
                throw new MongoServerError(10158, "multi update only works with $ operators");
            }
            int matched = 0;
            List<Object> modified = new ArrayList<>();
            for (Document stored : queryDocuments(selector, null, 0, 0, 0, null)) {
                Document updated = updated(stored, updateQuery, arrayFilters, matcher.matchPosition(stored, selector));
                if (!updated.equals(stored)) {
                    replace(stored, updated);
                    modified.add(stored.get(getIdField()));
                }
                matched++;
                if (!isMulti) {
                    break;
                }
            }
            if (matched == 0 && isUpsert) {
                // nothing matched, under the same lock: upstream's path finds nothing again and inserts
                writing = true;
                try {
                    return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, true, oplog);
                } finally {
                    writing = false;
                }
            }
            oplog.handleUpdate(getFullName(), selector, updateQuery, modified);
            return new Document("n", Integer.valueOf(matched)).append("nModified", Integer.valueOf(modified.size()));
        }

        /** What `stored` becomes under `update` (operators, array filters, the positional `$`), as a new object; `stored` stays as it is. */
        private Document updated(Document stored, Document update, ArrayFilters arrayFilters, Integer matchPosition) {
            try {
                return (Document) CALCULATE_UPDATE.invoke(this, stored, update, arrayFilters, matchPosition, false);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        /** Upstream's order: every index checks the change before any of them or the data map takes it. */
        private void replace(Document stored, Document updated) {
            List<Index<Object>> indexes = getIndexes();
            for (Index<Object> index : indexes) {
                index.checkUpdate(stored, updated, this);
            }
            Object position = positionOf(stored, indexes);
            for (Index<Object> index : indexes) {
                index.updateInPlace(stored, updated, position, this);
            }
            handleUpdate(position, stored, updated);
        }

        /** Where the data map holds a document: the position its indexes agree on (upstream's getSinglePosition). */
        private Object positionOf(Document stored, List<Index<Object>> indexes) {
            if (indexes.isEmpty()) {
                return findDocumentPosition(stored);
            }
            Set<Object> positions = new HashSet<>();
            for (Index<Object> index : indexes) {
                Object position = index.getPosition(stored);
                if (position != null) {
                    positions.add(position);
                }
            }
            return CollectionUtils.getSingleElement(positions);
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            writing = true;
            try {
                return super.findAndModify(query);
            } finally {
                writing = false;
            }
        }

        /*
         * An update rewrites the top-level fields of the document it was given
         * (upstream's updateDocument: it removes and puts fields, with values
         * from a deep copy it made itself), and the stored object is what the
         * map and lock-free readers hold until the write replaces it: a write
         * gets a copy of the top level, and nested values stay shared, because
         * nothing changes them in place.
         */
        @Override
        protected Document getDocument(Object position) {
            Document stored = super.getDocument(position);
            return writing && stored != null ? new Document(stored) : stored;
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                             Document fieldSelector) {
            if (!writing || isNaturalDescending(orderBy)) {
                return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            Stream<Document> copies = streamAllDocumentsWithPosition()
                .map(DocumentWithPosition::getDocument)
                .filter(document -> documentMatchesQuery(document, query))
                .map(Document::new);
            return matchDocumentsFromStream(copies, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /**
         * A compound unique index answers only filters that give all its keys;
         * a shadow {@link EqualityIndex} over the same keys (kept in memory,
         * never listed) answers filters on a prefix of them, as MongoDB's
         * B-tree does: `{tenantId}` on `(tenantId, seq)`.
         */
        /*
         * Index changes take the collection's lock like every read and write:
         * upstream adds to the index list (and fills the new index) without
         * it, so an update iterating the list at the same time failed with a
         * ConcurrentModificationException ("Unknown error: null" at the
         * client), seen when an engine's start-up createIndexes met its first
         * writes.
         */
        @Override
        public synchronized void addIndex(Index<Object> index) {
            super.addIndex(index);
            if (index.isUnique() && index.getKeys().size() > 1) {
                super.addIndex(new EqualityIndex<>(index.getName() + PREFIXES, index.getKeys()));
            }
        }

        @Override
        public synchronized void dropIndex(String indexName) {
            super.dropIndex(indexName);
            if (getIndexes().stream().anyMatch(index -> index.getName().equals(indexName + PREFIXES))) {
                super.dropIndex(indexName + PREFIXES);
            }
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                             Document fieldSelector) {
            Iterable<Object> positions = IndexPlanner.candidates(getIndexes(), query);
            if (positions == null) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /** The documents an index names for the filter (not yet matched against it), or null for a scan. */
        Stream<Document> candidateDocuments(Document query) {
            Iterable<Object> positions;
            synchronized (this) {
                positions = IndexPlanner.candidates(getIndexes(), query);
            }
            if (positions == null) {
                return null;
            }
            return StreamSupport.stream(positions.spliterator(), false).map(this::getDocument).filter(d -> d != null);
        }
    }
}
