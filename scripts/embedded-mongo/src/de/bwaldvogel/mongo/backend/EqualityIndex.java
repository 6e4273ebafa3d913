package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Comparator;
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
    public Collection<P> lookup(List<Object> prefix) {
        return lookup(prefix, null);
    }

    /**
     * Positions of the documents whose first keys equal `prefix` and, when a
     * range is given, whose next key lies in it. A range over values of one
     * BSON type starts after the smaller types (a `$lt` on dates skips nulls).
     */
    public Collection<P> lookup(List<Object> prefix, Range range) {
        List<Object> normalized = normalized(prefix);
        List<Object> from = new ArrayList<>(normalized);
        if (range != null) {
            from.add(range.lower != null ? Utils.normalizeValue(range.lower) : range.typeFloor());
        }
        // a document with an array appears under several keys: once in the answer
        Set<P> positions = new LinkedHashSet<>();
        for (Map.Entry<List<Object>, Set<P>> entry : entries.tailMap(from, true).entrySet()) {
            List<Object> key = entry.getKey();
            if (key.size() < normalized.size() + (range == null ? 0 : 1) || ORDER.compare(key.subList(0, normalized.size()), normalized) != 0) {
                break;
            }
            if (range != null) {
                Object value = key.get(normalized.size());
                if (range.isAbove(value)) {
                    break;
                }
                if (!range.contains(value)) {
                    continue;
                }
            }
            positions.addAll(entry.getValue());
        }
        return positions;
    }

    private static List<Object> normalized(List<Object> values) {
        List<Object> normalized = new ArrayList<>(values.size());
        for (Object value : values) {
            normalized.add(Utils.normalizeValue(value));
        }
        return normalized;
    }

    /** Bounds on one key, from `$gt`/`$gte`/`$lt`/`$lte` over values of one type. */
    public static final class Range {
        final Object lower;
        final boolean lowerInclusive;
        final Object upper;
        final boolean upperInclusive;

        public Range(Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) {
            this.lower = lower;
            this.lowerInclusive = lowerInclusive;
            this.upper = upper;
            this.upperInclusive = upperInclusive;
        }

        /** The smallest value of the bounds' type, where entries of that type begin. */
        Object typeFloor() {
            Object bound = Utils.normalizeValue(upper);
            if (bound instanceof Number) {
                return Double.NEGATIVE_INFINITY;
            }
            if (bound instanceof String) {
                return "";
            }
            if (bound instanceof java.util.Date) {
                return new java.util.Date(Long.MIN_VALUE);
            }
            if (bound instanceof java.time.Instant) {
                return java.time.Instant.MIN;
            }
            return null;
        }

        boolean isAbove(Object value) {
            if (upper == null) {
                return false;
            }
            int c = ValueComparator.asc().compare(value, Utils.normalizeValue(upper));
            return upperInclusive ? c > 0 : c >= 0;
        }

        boolean contains(Object value) {
            if (lower == null) {
                return value != null;
            }
            int c = ValueComparator.asc().compare(value, Utils.normalizeValue(lower));
            return lowerInclusive ? c >= 0 : c > 0;
        }
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
        }
        if (keys.isEmpty()) {
            // an empty array yields no key values upstream; MongoDB indexes it (as undefined),
            // and a document missing from the index would be missing from every lookup
            keys.add(withoutEmptyArrays(document));
        }
        for (List<Object> key : keys) {
            entries.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(position);
        }
        if (keysOf.put(position, keys) == null) {
            count.incrementAndGet();
        }
    }

    private List<Object> withoutEmptyArrays(Document document) {
        List<Object> key = new ArrayList<>();
        for (String name : keys()) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, name);
            boolean empty = value instanceof java.util.Collection && ((java.util.Collection<?>) value).isEmpty();
            key.add(empty ? null : Utils.normalizeValue(value));
        }
        return key;
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
