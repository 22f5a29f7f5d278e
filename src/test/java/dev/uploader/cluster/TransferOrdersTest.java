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
}
