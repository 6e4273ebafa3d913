package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A secondary (non-unique) index kept in memory and rebuilt from the
 * documents when the server starts (upstream ignores secondary indexes and
 * scans). It answers equality on a prefix of its keys: `{tenantId, assignee,
 * status}` on an index `(tenantId, assignee, status, createdAt)` reads only
 * that person's entries; the collection then checks the whole filter on them.
 *
 * Toward the collection it behaves like upstream's EmptyIndex (sparse, no
 * positions, never a constraint), so index options, listIndexes and removal
 * stay exactly as before; only {@link IndexPlanner} asks it for candidates.
 */
public final class EqualityIndex<P> extends Index<P> {

    private static final Comparator<List<Object>> ORDER = (a, b) -> {
        int shared = Math.min(a.size(), b.size());
        for (int i = 0; i < shared; i++) {
            int c = ValueComparator.asc().compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    // concurrent: aggregations read without the collection's lock
    private final ConcurrentSkipListMap<List<Object>, Set<P>> entries = new ConcurrentSkipListMap<>(ORDER);
    private final Map<P, Set<List<Object>>> keysOf = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();

    public EqualityIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
    }

    public List<String> keyNames() {
        return keys();
    }

    /** Positions of the documents whose first `prefix.size()` keys equal `prefix` (values as in a filter). */
    public List<P> lookup(List<Object> prefix) {
        List<Object> normalized = new ArrayList<>(prefix.size());
        for (Object value : prefix) {
            normalized.add(Utils.normalizeValue(value));
        }
        // a document with several array values (tags, departments) sits under several keys of one prefix: list it once
        Set<P> positions = new LinkedHashSet<>();
        for (Map.Entry<List<Object>, Set<P>> entry : entries.tailMap(normalized, true).entrySet()) {
            List<Object> key = entry.getKey();
            if (key.size() < normalized.size() || ORDER.compare(key.subList(0, normalized.size()), normalized) != 0) {
                break;
            }
            positions.addAll(entry.getValue());
        }
        return new ArrayList<>(positions);
    }

    @Override
    public P getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        Set<List<Object>> keys = ConcurrentHashMap.newKeySet();
        for (KeyValue keyValue : getKeyValues(document)) {
            List<Object> key = new ArrayList<>(keyValue.size());
            keyValue.forEach(key::add);
            keys.add(key);
            entries.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(position);
        }
        if (keys.isEmpty()) {
            // upstream makes no key for an empty array (the product of no values);
            // MongoDB indexes it as one entry, so a lookup by the other keys' prefix
            // ({tenantId} of a top-level department, ancestors: []) still finds it
            List<Object> key = new ArrayList<>();
            for (String name : keys()) {
                Object value = Utils.getSubdocumentValueCollectionAware(document, name);
                key.add(value instanceof Collection && ((Collection<?>) value).isEmpty() ? null : Utils.normalizeValue(value));
            }
            keys.add(key);
            entries.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(position);
        }
        if (keysOf.put(position, keys) == null) {
            count.incrementAndGet();
        }
    }

    @Override
    public P remove(Document document) {
        Object id = document.get(Constants.ID_FIELD);
        @SuppressWarnings("unchecked")
        P position = (P) id;
        Set<List<Object>> keys = position == null ? null : keysOf.remove(position);
        if (keys != null) {
            count.decrementAndGet();
            for (List<Object> key : keys) {
                entries.computeIfPresent(key, (k, positions) -> {
                    positions.remove(position);
                    return positions.isEmpty() ? null : positions;
                });
            }
        }
        return null;
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long getCount() {
        return count.get();
    }

    @Override
    public boolean isEmpty() {
        // upstream fills an index only when it reports empty (at creation and at start)
        return keysOf.isEmpty();
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    @Override
    public void drop() {
        entries.clear();
        keysOf.clear();
        count.set(0);
    }
}
