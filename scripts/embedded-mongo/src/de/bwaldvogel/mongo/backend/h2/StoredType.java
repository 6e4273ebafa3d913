package de.bwaldvogel.mongo.backend.h2;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * How documents, their ids and index keys are stored: the server's own value
 * classes in a compact tagged form, everything else as H2's object type
 * stores it.
 *
 * H2's object type stores a class it does not know (a Document, an ObjectId,
 * a KeyValue) with Java serialization: a new ObjectOutputStream for every
 * value, class descriptors and all. A commit writes every page a write
 * touched, so that was about half of the server's CPU samples while HTTP
 * approvals ran (JFR, 2026-12-01).
 *
 * Each class here gets a tag H2's object type never writes (it uses 0-19 and
 * 32-119), and its fields follow. Strings, numbers, booleans and null inside
 * a document are written by H2's object type, with its tags. A value of any
 * other class, or a subclass, goes to H2's object type whole, so it reads back
 * as it did before. A data file written before has only H2's tags and reads
 * as it was written; pages rewritten from then on use the compact form.
 *
 * A value reads back as an equal object of the same class; a list is stored
 * compactly only when it is an ArrayList, so that holds for lists too.
 */
class StoredType extends ObjectDataType {

    private static final int DOCUMENT = 20;
    private static final int LIST = 21;
    private static final int OBJECT_ID = 22;
    private static final int INSTANT = 23;
    private static final int KEY_VALUE = 24;
    private static final int BIN_DATA = 25;
    private static final int LEGACY_UUID = 26;
    private static final int TIMESTAMP = 27;
    private static final int DECIMAL128 = 28;
    private static final int MIN_KEY = 29;
    private static final int MAX_KEY = 30;
    private static final int MISSING = 31;
    private static final int REGEX = 50;
    private static final int JAVASCRIPT = 51;

    @Override
    public void write(WriteBuffer buff, Object value) {
        Class<?> type = value == null ? null : value.getClass();
        if (type == Document.class) {
            Document document = (Document) value;
            buff.put((byte) DOCUMENT).putVarInt(document.size());
            for (Map.Entry<String, Object> field : document.entrySet()) {
                putString(buff, field.getKey());
                write(buff, field.getValue());
            }
        } else if (type == ArrayList.class) {
            putItems(buff, LIST, ((List<?>) value).size(), (List<?>) value);
        } else if (type == ObjectId.class) {
            buff.put((byte) OBJECT_ID).put(((ObjectId) value).toByteArray());
        } else if (type == Instant.class) {
            Instant instant = (Instant) value;
            buff.put((byte) INSTANT).putLong(instant.getEpochSecond()).putVarInt(instant.getNano());
        } else if (type == KeyValue.class) {
            putItems(buff, KEY_VALUE, ((KeyValue) value).size(), (KeyValue) value);
        } else if (type == BinData.class) {
            byte[] data = ((BinData) value).getData();
            buff.put((byte) BIN_DATA).putVarInt(data.length).put(data);
        } else if (type == LegacyUUID.class) {
            LegacyUUID uuid = (LegacyUUID) value;
            buff.put((byte) LEGACY_UUID).putLong(uuid.getUuid().getMostSignificantBits())
                .putLong(uuid.getUuid().getLeastSignificantBits());
        } else if (type == BsonTimestamp.class) {
            buff.put((byte) TIMESTAMP).putLong(((BsonTimestamp) value).getValue());
        } else if (type == Decimal128.class) {
            Decimal128 decimal = (Decimal128) value;
            buff.put((byte) DECIMAL128).putLong(decimal.getLow()).putLong(decimal.getHigh());
        } else if (type == MinKey.class) {
            buff.put((byte) MIN_KEY);
        } else if (type == MaxKey.class) {
            buff.put((byte) MAX_KEY);
        } else if (type == Missing.class) {
            buff.put((byte) MISSING);
        } else if (type == BsonRegularExpression.class && ((BsonRegularExpression) value).getOptions() != null) {
            BsonRegularExpression regex = (BsonRegularExpression) value;
            buff.put((byte) REGEX);
            putString(buff, regex.getPattern());
            putString(buff, regex.getOptions());
        } else if (type == BsonJavaScript.class && ((BsonJavaScript) value).getCode() != null) {
            buff.put((byte) JAVASCRIPT);
            putString(buff, ((BsonJavaScript) value).getCode());
        } else {
            super.write(buff, value);
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        switch (buff.get(buff.position())) {
            case DOCUMENT: {
                buff.get();
                int size = DataUtils.readVarInt(buff);
                Document document = new Document();
                for (int i = 0; i < size; i++) {
                    String key = getString(buff);
                    document.put(key, read(buff));
                }
                return document;
            }
            case LIST:
                buff.get();
                return readItems(buff);
            case OBJECT_ID: {
                buff.get();
                byte[] data = new byte[12];
                buff.get(data);
                return new ObjectId(data);
            }
            case INSTANT: {
                buff.get();
                long seconds = buff.getLong();
                return Instant.ofEpochSecond(seconds, DataUtils.readVarInt(buff));
            }
            case KEY_VALUE:
                buff.get();
                return new KeyValue(readItems(buff));
            case BIN_DATA: {
                buff.get();
                byte[] data = new byte[DataUtils.readVarInt(buff)];
                buff.get(data);
                return new BinData(data);
            }
            case LEGACY_UUID: {
                buff.get();
                long most = buff.getLong();
                return new LegacyUUID(most, buff.getLong());
            }
            case TIMESTAMP:
                buff.get();
                return new BsonTimestamp(buff.getLong());
            case DECIMAL128: {
                buff.get();
                long low = buff.getLong();
                return new Decimal128(low, buff.getLong());
            }
            case MIN_KEY:
                buff.get();
                return MinKey.getInstance();
            case MAX_KEY:
                buff.get();
                return MaxKey.getInstance();
            case MISSING:
                buff.get();
                return Missing.getInstance();
            case REGEX: {
                buff.get();
                String pattern = getString(buff);
                return new BsonRegularExpression(pattern, getString(buff));
            }
            case JAVASCRIPT:
                buff.get();
                return new BsonJavaScript(getString(buff));
            default:
                return super.read(buff);
        }
    }

    /**
     * About what the value holds on the heap (the page cache's size is counted
     * with it). H2's object type would count a serialized class at a running
     * average of twice its serialized length.
     */
    @Override
    public int getMemory(Object value) {
        Class<?> type = value == null ? null : value.getClass();
        if (type == Document.class) {
            int memory = 80;
            for (Map.Entry<String, Object> field : ((Document) value).entrySet()) {
                memory += 40 + 40 + field.getKey().length() + getMemory(field.getValue());
            }
            return memory;
        }
        if (type == ArrayList.class || type == KeyValue.class) {
            int memory = 56;
            for (Object item : (Iterable<?>) value) {
                memory += 8 + getMemory(item);
            }
            return memory;
        }
        if (type == ObjectId.class || type == BinData.class) {
            return 48;
        }
        if (type == Instant.class || type == BsonTimestamp.class || type == Decimal128.class || type == LegacyUUID.class) {
            return 40;
        }
        if (type == MinKey.class || type == MaxKey.class || type == Missing.class) {
            return 0;
        }
        if (type == BsonRegularExpression.class || type == BsonJavaScript.class) {
            return 120;
        }
        return super.getMemory(value);
    }

    /** An array's or a key's values: their count, then each as a value of its own. */
    private void putItems(WriteBuffer buff, int tag, int size, Iterable<?> items) {
        buff.put((byte) tag).putVarInt(size);
        for (Object item : items) {
            write(buff, item);
        }
    }

    private List<Object> readItems(ByteBuffer buff) {
        int size = DataUtils.readVarInt(buff);
        List<Object> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            items.add(read(buff));
        }
        return items;
    }

    private static void putString(WriteBuffer buff, String value) {
        int length = value.length();
        buff.putVarInt(length).putStringData(value, length);
    }

    private static String getString(ByteBuffer buff) {
        return DataUtils.readString(buff, DataUtils.readVarInt(buff));
    }
}
