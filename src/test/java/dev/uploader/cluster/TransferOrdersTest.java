package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.JobType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferOrdersTest {

    @Test
    void toJsonAndParse_awkwardNamesAndEveryField_sameOrderBack() {
        TransferOrder order = new TransferOrder(JobType.S3_TO_S3, "src-bucket", "data/", "des-bucket", "backup/x", 8 << 20, List.of(
                new TransferOrder.Item("quotes \"and\" back\\slash\n newline.txt", 0, "d41d8cd98f00b204e9800998ecf8427e", false),
                new TransferOrder.Item("中文/文件 名 😀+%20.bin", 12_345_678_901L, "abc-3", false),
                new TransferOrder.Item("a//double/./slash", -1, null, false)));

        TransferOrder back = TransferOrders.parse(TransferOrders.toJson(order));

        assertEquals(order, back);
    }

    /** SQS's characters of a message body (XML's): any other makes SQS refuse the whole message (InvalidMessageContents). */
    static boolean sqsTakes(String body) {
        return body.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF));
    }

    @Test
    void toJson_namesWithCharactersSqsRefuses_bodyHasOnlySqsCharactersAndParsesToTheSameOrder() {
        String loneHalf = "lone \uD800 half";
        TransferOrder order = new TransferOrder(JobType.S3_TO_S3, "src", "pre\uFFFF/", "des", "\u0001x", 0, List.of(
                new TransferOrder.Item("a\uFFFEb\uFFFFc\u0001d 😀 e\u001F\u007F\uFFFD", 5, "e\uFFFE", false),
                new TransferOrder.Item(loneHalf, -1, null, false),
                new TransferOrder.Item("\uDE00 reversed \uD83D", 1, null, false)));

        String body = TransferOrders.toJson(order);

        assertTrue(sqsTakes(body), body);
        assertTrue(body.contains("\\uFFFE") && body.contains("\\uFFFF") && body.contains("\\u0001"), body);
        assertEquals(order, TransferOrders.parse(body));
        assertTrue(TransferOrders.isOrder(body));
    }

    @Test
    void jsonBytesAndAddedBytes_escapedNames_sumToTheBodysUtf8Length() {
        List<TransferOrder.Item> items = List.of(new TransferOrder.Item("\u0001\u0002 中 😀 \uFFFF", 3, "etag", false),
                new TransferOrder.Item("plain.txt", -1, null, false), new TransferOrder.Item("q\"uote\\", 0, null, false));
        TransferOrder first = new TransferOrder(JobType.LOCAL_TO_S3, "/mnt/share", "", "b", "p", 0, items.subList(0, 1));
        TransferOrder all = new TransferOrder(JobType.LOCAL_TO_S3, "/mnt/share", "", "b", "p", 0, items);

        int summed = TransferOrders.jsonBytes(first) + TransferOrders.addedBytes(items.get(1)) + TransferOrders.addedBytes(items.get(2));

        assertEquals(TransferOrders.toJson(all).getBytes(java.nio.charset.StandardCharsets.UTF_8).length, summed);
        assertEquals(TransferOrders.jsonBytes(all), summed);
    }

    @Test
    void isOrder_orderAndS3EventAndGarbage_onlyTheOrder() {
        String order = TransferOrders.toJson(new TransferOrder(JobType.LOCAL_TO_S3, "/mnt/share", "", "b", "", 0,
                List.of(new TransferOrder.Item("a", 1, null, false))));

        assertTrue(TransferOrders.isOrder(order));
        assertFalse(TransferOrders.isOrder("{\"Records\":[{\"eventSource\":\"aws:s3\"}]}"));
        assertFalse(TransferOrders.isOrder("not json"));
        assertFalse(TransferOrders.isOrder("[1,2]"));
    }

    @Test
    void parse_otherFormatVersion_refusedNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransferOrders.parse(
                "{\"uploader\":2,\"type\":\"S3_TO_S3\",\"source\":\"a\",\"destination\":\"b\",\"partSize\":0,\"objects\":[{\"name\":\"x\"}]}"));

        assertTrue(e.getMessage().contains("same version"), e.getMessage());
    }

    @Test
    void parse_incompleteOrUnknown_refusedInWords() {
        assertThrows(IllegalArgumentException.class, () -> TransferOrders.parse("{\"uploader\":1,\"type\":\"S3_TO_S3\"}"));
        assertThrows(IllegalArgumentException.class, () -> TransferOrders.parse(
                "{\"uploader\":1,\"type\":\"FTP\",\"source\":\"a\",\"destination\":\"b\",\"objects\":[{\"name\":\"x\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> TransferOrders.parse(
                "{\"uploader\":1,\"type\":\"S3_TO_S3\",\"source\":\"a\",\"destination\":\"b\",\"objects\":[{\"size\":3}]}"));
        assertThrows(IllegalArgumentException.class, () -> TransferOrders.parse("{\"uploader\":1, broken"));
    }

    @Test
    void parse_orderThatWouldDelete_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransferOrders.parse(
                "{\"uploader\":1,\"type\":\"S3_TO_S3\",\"source\":\"a\",\"destination\":\"b\",\"partSize\":0,"
                        + "\"objects\":[{\"name\":\"x\",\"removed\":true}]}"));

        assertTrue(e.getMessage().contains("cannot delete"), e.getMessage());
    }

    @Test
    void parse_objectsWithANonObjectEntry_refusedRatherThanCutShort() {
        assertThrows(IllegalArgumentException.class, () -> TransferOrders.parse(
                "{\"uploader\":1,\"type\":\"S3_TO_S3\",\"source\":\"a\",\"destination\":\"b\",\"partSize\":0,"
                        + "\"objects\":[{\"name\":\"x\"},\"y\",{\"name\":\"z\"}]}"));
    }

    @org.junit.jupiter.api.Test
    void hasDotPart_namesAStoreOrProxyMayResolve_decisionTable() {
        for (String yes : java.util.List.of("..", ".", "../x", "a/../b", "a/./b", "a/..", "a//../b")) {
            org.junit.jupiter.api.Assertions.assertTrue(TransferOrders.hasDotPart(yes), yes);
        }
        for (String no : java.util.List.of("a..b", "...", ".hidden", "a/.config/b", "a//b", "/x", "x/", "..x/y")) {
            org.junit.jupiter.api.Assertions.assertFalse(TransferOrders.hasDotPart(no), no);
        }
    }
}
