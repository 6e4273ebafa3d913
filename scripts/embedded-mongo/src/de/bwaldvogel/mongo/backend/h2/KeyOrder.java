package de.bwaldvogel.mongo.backend.h2;

import java.math.BigDecimal;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Decimal128;

/**
 * The key type of a unique index's map: keys are stored as StoredType stores
 * them, and ordered by their values.
 *
 * Upstream opens the map with H2's default type, which orders an object it
 * does not know (KeyValue is Serializable, not Comparable) by serializing
 * both sides on every comparison. Each lookup in the B-tree made about 17
 * comparisons, so serialization was most of the server's time: about 60 % of
 * its CPU samples while a campaign inserted 200,000 claims and deliveries.
 *
 * The order is BSON's (numbers by value, then strings, documents, arrays,
 * ...), element by element, and total: two keys compare equal exactly when
 * MongoDB's unique index would call them duplicates (null and a missing
 * field included).
 */
final class KeyOrder extends StoredType {

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue && b instanceof KeyValue) {
            return compareKeys((KeyValue) a, (KeyValue) b);
        }
        return super.compare(a, b);
    }

    static int compareKeys(KeyValue a, KeyValue b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int cmp = compareValues(a.get(i), b.get(i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareValues(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return compareNumbers((Number) a, (Number) b);
        }
        // lists element by element (upstream's default compares arrays by their smallest element, which is no order)
        return ValueComparator.ascWithoutListHandling().compare(a, b);
    }

    /** Exact across types (upstream compares a long with a double as two longs, so 1 = 1.5 = 1.0 < 1.5). */
    private static int compareNumbers(Number a, Number b) {
        if (a instanceof Decimal128 && b instanceof Decimal128) {
            return ((Decimal128) a).compareTo((Decimal128) b);
        }
        if (integral(a) && integral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)
            || (a instanceof Double || a instanceof Float) && (b instanceof Double || b instanceof Float)) {
            return Double.compare(x, y);
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof Decimal128) {
            return ((Decimal128) n).toBigDecimal();
        }
        return integral(n) ? BigDecimal.valueOf(n.longValue()) : new BigDecimal(n.doubleValue());
    }
}
