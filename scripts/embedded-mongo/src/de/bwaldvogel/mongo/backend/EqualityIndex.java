package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Arrays;
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

    private static final Comparator<Object[]> ORDER = (a, b) -> {
        int shared = Math.min(a.length, b.length);
        for (int i = 0; i < shared; i++) {
            int c = ValueComparator.asc().compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    };

    // Kept small, because every document is in memory once per index (100,000
    // tasks and instances were about 600 MB, and a full collection of the
    // server's heap took seconds): a key is a bare array with its strings
    // interned, an entry holds its one position itself and a set only when
    // documents share the key, and a document's keys are one array unless an
    // array field gives it several.
    //
    // Concurrent: aggregations read without the collection's lock. Writes hold
    // it, so an entry's value changes from a position to a set only there, and
    // a reader sees either.
    private final ConcurrentSkipListMap<Object[], Object> entries = new ConcurrentSkipListMap<>(ORDER);
    /** A document's keys: one Object[], or an Object[][] when it has several. */
    private final Map<P, Object> keysOf = new ConcurrentHashMap<>();
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
    @SuppressWarnings("unchecked")
    public Collection<P> lookup(List<Object> prefix, Range range) {
        int size = prefix.size();
        Object[] normalized = new Object[size];
        for (int i = 0; i < size; i++) {
            normalized[i] = Utils.normalizeValue(prefix.get(i));
        }
        Object[] from = normalized;
        if (range != null) {
            from = Arrays.copyOf(normalized, size + 1);
            from[size] = range.lower != null ? Utils.normalizeValue(range.lower) : range.typeFloor();
        }
        // a document with an array appears under several keys: once in the answer
        Set<P> positions = new LinkedHashSet<>();
        for (Map.Entry<Object[], Object> entry : entries.tailMap(from, true).entrySet()) {
            Object[] key = entry.getKey();
            if (key.length < size + (range == null ? 0 : 1) || !startsWith(key, normalized)) {
                break;
            }
            if (range != null) {
                Object value = key[size];
                if (range.isAbove(value)) {
                    break;
                }
                if (!range.contains(value)) {
                    continue;
                }
            }
            Object held = entry.getValue();
            if (held instanceof ConcurrentHashMap.KeySetView) {
                positions.addAll((Set<P>) held);
            } else {
                positions.add((P) held);
            }
        }
        return positions;
    }

    private static boolean startsWith(Object[] key, Object[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (ValueComparator.asc().compare(key[i], prefix[i]) != 0) {
                return false;
            }
        }
        return true;
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
        put(position, keysFor(document));
    }

    private void put(P position, Object stored) {
        for (Object[] key : each(stored)) {
            entries.compute(key, (k, held) -> with(held, position));
        }
        if (keysOf.put(position, stored) == null) {
            count.incrementAndGet();
        }
    }

    /** A document's keys as kept in keysOf: one Object[], or an Object[][] when an array gives it several. */
    private Object keysFor(Document document) {
        List<Object[]> keys = new ArrayList<>(1);
        for (KeyValue keyValue : getKeyValues(document)) {
            Object[] key = new Object[keyValue.size()];
            int i = 0;
            for (Object value : keyValue) {
                key[i++] = value instanceof String ? ((String) value).intern() : value;
            }
            if (!contains(keys, key)) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            // an empty array yields no key values upstream; MongoDB indexes it (as undefined),
            // and a document missing from the index would be missing from every lookup
            keys.add(withoutEmptyArrays(document));
        }
        return keys.size() == 1 ? keys.get(0) : keys.toArray(new Object[0][]);
    }

    private static boolean contains(List<Object[]> keys, Object[] key) {
        for (Object[] k : keys) {
            if (Arrays.equals(k, key)) {
                return true;
            }
        }
        return false;
    }

    private static Object[][] each(Object stored) {
        return stored instanceof Object[][] ? (Object[][]) stored : new Object[][] { (Object[]) stored };
    }

    @SuppressWarnings("unchecked")
    private static <P> Object with(Object held, P position) {
        if (held == null || held.equals(position)) {
            return position;
        }
        if (held instanceof ConcurrentHashMap.KeySetView) {
            ((Set<P>) held).add(position);
            return held;
        }
        Set<P> both = ConcurrentHashMap.newKeySet();
        both.add((P) held);
        both.add(position);
        return both;
    }

    @SuppressWarnings("unchecked")
    private static <P> Object without(Object held, P position) {
        if (held instanceof ConcurrentHashMap.KeySetView) {
            Set<P> set = (Set<P>) held;
            set.remove(position);
            return set.isEmpty() ? null : set;
        }
        return held.equals(position) ? null : held;
    }

    private Object[] withoutEmptyArrays(Document document) {
        List<String> names = keys();
        Object[] key = new Object[names.size()];
        for (int i = 0; i < key.length; i++) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, names.get(i));
            boolean empty = value instanceof java.util.Collection && ((java.util.Collection<?>) value).isEmpty();
            Object normalized = empty ? null : Utils.normalizeValue(value);
            key[i] = normalized instanceof String ? ((String) normalized).intern() : normalized;
        }
        return key;
    }

    @Override
    public P remove(Document document) {
        Object id = document.get(Constants.ID_FIELD);
        @SuppressWarnings("unchecked")
        P position = (P) id;
        Object stored = position == null ? null : keysOf.remove(position);
        if (stored != null) {
            count.decrementAndGet();
            for (Object[] key : each(stored)) {
                entries.computeIfPresent(key, (k, held) -> without(held, position));
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
        Object stored = keysFor(newDocument);
        // most updates (a guarded write of an instance, a task decided) leave most indexes' keys as they were
        Object before = keysOf.get(position);
        if (before != null && Arrays.deepEquals(each(before), each(stored))) {
            return;
        }
        remove(oldDocument);
        put(position, stored);
    }

    @Override
    public void drop() {
        entries.clear();
        keysOf.clear();
        count.set(0);
    }
}
