package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * Picks the index that narrows a filter to the fewest documents, where
 * upstream uses an index only for a filter that names exactly its keys:
 * `{_id, tenantId, rev}` (every guarded write) was a scan of the collection.
 *
 * - a unique index whose keys all have a plain value (or `$in` on a
 *   single-key index) gives at most one document per value;
 * - otherwise the {@link EqualityIndex} with the longest prefix of plain
 *   values gives that prefix's entries.
 *
 * The caller still matches the whole filter on the candidates, so an index
 * only ever decides where to look, never what matches.
 */
public final class IndexPlanner {

    private IndexPlanner() {
    }

    /** Candidate positions for the filter, or null when no index helps (scan). */
    public static <P> Iterable<P> candidates(List<Index<P>> indexes, Document query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        EqualityIndex<P> best = null;
        List<Object> bestPrefix = List.of();
        EqualityIndex.Range bestRange = null;
        int bestScore = 0;
        for (Index<P> index : indexes) {
            if (index.isUnique()) {
                List<Document> lookups = uniqueLookups(index, query);
                if (lookups != null) {
                    Set<P> positions = new java.util.LinkedHashSet<>();
                    for (Document keys : lookups) {
                        index.getPositions(keys).forEach(positions::add);
                    }
                    return positions;
                }
            } else if (index instanceof EqualityIndex) {
                EqualityIndex<P> equality = (EqualityIndex<P>) index;
                List<String> names = equality.keyNames();
                List<Object> prefix = new ArrayList<>();
                for (String key : names) {
                    Object value = plainValue(query.get(key));
                    if (value == null) {
                        break;
                    }
                    prefix.add(value);
                }
                EqualityIndex.Range range = prefix.size() < names.size() ? rangeOf(query.get(names.get(prefix.size()))) : null;
                // an equality narrows more than a range; a range more than nothing
                int score = 2 * prefix.size() + (range != null ? 1 : 0);
                if (score > bestScore) {
                    best = equality;
                    bestPrefix = prefix;
                    bestRange = range;
                    bestScore = score;
                }
            }
        }
        return best == null ? null : best.lookup(bestPrefix, bestRange);
    }

    /** `{$gt|$gte: a, $lt|$lte: b}` (either side or both) over values of one type, or null. */
    private static EqualityIndex.Range rangeOf(Object value) {
        if (!(value instanceof Document) || ((Document) value).isEmpty()) {
            return null;
        }
        Object lower = null;
        Object upper = null;
        boolean lowerInclusive = false;
        boolean upperInclusive = false;
        for (Map.Entry<String, Object> bound : ((Document) value).entrySet()) {
            Object v = plainValue(bound.getValue());
            if (v == null || v instanceof Boolean) {
                return null;
            }
            switch (bound.getKey()) {
                case "$gt": lower = v; lowerInclusive = false; break;
                case "$gte": lower = v; lowerInclusive = true; break;
                case "$lt": upper = v; upperInclusive = false; break;
                case "$lte": upper = v; upperInclusive = true; break;
                default: return null;
            }
        }
        if (lower != null && upper != null && !Utils.normalizeValue(lower).getClass().equals(Utils.normalizeValue(upper).getClass())) {
            return null;
        }
        // a lower bound alone runs to the end of the index: past its own type, the filter drops the rest
        return new EqualityIndex.Range(lower, lowerInclusive, upper, upperInclusive);
    }

    /**
     * The exact lookups a unique index answers the filter with: every key a
     * plain value, or one key an `$in` list (one lookup per value). Null when
     * the filter does not give every key.
     */
    private static List<Document> uniqueLookups(Index<?> index, Document query) {
        Document keys = new Document();
        String listed = null;
        for (String key : index.keys()) {
            Object value = query.get(key);
            Object plain = plainValue(value);
            if (plain != null) {
                keys.put(key, plain);
            } else if (listed == null && isInList(value)) {
                listed = key;
            } else {
                return null;
            }
        }
        List<Document> lookups = new ArrayList<>();
        if (listed == null) {
            lookups.add(keys);
        } else {
            for (Object value : (Collection<?>) ((Document) query.get(listed)).get("$in")) {
                Document one = new Document(keys);
                one.put(listed, value);
                lookups.add(one);
            }
        }
        for (Document lookup : lookups) {
            if (!index.canHandle(lookup)) {
                return null;
            }
        }
        return lookups;
    }

    /** The value a filter entry requires by equality (`v` or `{$eq: v}`), or null. */
    private static Object plainValue(Object value) {
        if (value instanceof Document) {
            Document document = (Document) value;
            if (document.size() == 1 && document.containsKey("$eq")) {
                return plainValue(document.get("$eq"));
            }
            return null;
        }
        if (value == null || value instanceof Missing || value instanceof Map || value instanceof Collection
            || value instanceof Pattern || BsonRegularExpression.isRegularExpression(value)) {
            return null;
        }
        return value;
    }

    private static boolean isInList(Object value) {
        if (!(value instanceof Document)) {
            return false;
        }
        Document document = (Document) value;
        if (!document.keySet().equals(Set.of("$in")) || !(document.get("$in") instanceof Collection)) {
            return false;
        }
        return ((Collection<?>) document.get("$in")).stream().allMatch(v -> plainValue(v) != null);
    }

    /**
     * An aggregation whose first stage is a `$match` an index narrows runs on
     * the candidates instead of the whole collection (the `$match` stage still
     * filters them). Null when the pipeline starts otherwise or writes.
     */
    public static Document aggregate(MongoDatabase database, MongoCollection<?> collection, List<Document> pipeline,
                                     Document command, DatabaseResolver resolver, Oplog oplog,
                                     java.util.function.Function<Document, Stream<Document>> candidates) {
        if (pipeline.isEmpty() || !(pipeline.get(0).get("$match") instanceof Document)) {
            return null;
        }
        Stream<Document> documents = candidates.apply((Document) pipeline.get(0).get("$match"));
        if (documents == null) {
            return null;
        }
        Aggregation aggregation = Aggregation.fromPipeline(pipeline, resolver, database, collection, oplog);
        aggregation.validate(command);
        if (aggregation.isModifying()) {
            return null;
        }
        return Utils.firstBatchCursorResponse(collection.getFullName(), aggregation.runStages(documents));
    }
}
