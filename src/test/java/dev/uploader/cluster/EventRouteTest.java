package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where S3 events go: the decision table of {@link EventRoute}. */
class EventRouteTest {
    static S3EventRecord created(String bucket, String key) {
        return new S3EventRecord(bucket, key, "ObjectCreated:Put", 10, "etag", null, "seq");
    }

    static S3EventRecord removed(String bucket, String key) {
        return new S3EventRecord(bucket, key, "ObjectRemoved:Delete", -1, null, null, "seq");
    }

    @Test
    void route_creationBelowThePrefix_copiedUnderTheDestinationPrefix() {
        EventRoute.Routed r = new EventRoute("src", "in", "dst", "replica", false).route(List.of(created("src", "in/a/b.txt")));

        assertEquals(1, r.orders().size());
        TransferOrder o = r.orders().get(0);
        assertEquals("src", o.source());
        assertEquals("in/", o.sourcePrefix());
        assertEquals("dst", o.destination());
        assertEquals("replica", o.destinationPrefix());
        assertEquals(0, o.partSize(), "the worker's own part-size rule");
        assertEquals(List.of(new TransferOrder.Item("a/b.txt", 10, "etag", false)), o.items());
    }

    @Test
    void route_keyOutsideThePrefixOrAFolderMarker_dropped() {
        EventRoute.Routed r = new EventRoute("src", "in/", "dst", "", false).route(List.of(created("src", "inbox/x"), created("src", "in/"),
                created("src", "in/folder/")));

        assertTrue(r.orders().isEmpty());
        assertEquals(3, r.dropped().size(), r.dropped().toString());
    }

    @Test
    void route_deletionWithoutCopyDeletes_droppedSayingTheOption() {
        EventRoute.Routed r = new EventRoute("src", "", "dst", "", false).route(List.of(removed("src", "a.txt")));

        assertTrue(r.orders().isEmpty());
        assertTrue(r.dropped().get(0).contains("--copy-deletes"), r.dropped().toString());
    }

    @Test
    void route_deletionWithCopyDeletes_anItemMarkedRemoved() {
        EventRoute.Routed r = new EventRoute("src", "", "dst", "", true).route(List.of(removed("src", "a.txt")));

        assertEquals(List.of(new TransferOrder.Item("a.txt", -1, null, true)), r.orders().get(0).items());
    }

    @Test
    void route_recordOfAnotherBucket_refusedNeverReadNorThrownAway() {
        EventRoute.Routed r = new EventRoute("src", "", "dst", "", false).route(List.of(created("other", "a"), created("src", "b")));

        assertEquals(1, r.orders().size());
        assertEquals("b", r.orders().get(0).items().get(0).name());
        assertTrue(r.dropped().isEmpty());
        assertTrue(r.refused().get(0).contains("another bucket"), r.refused().toString());
    }

    @Test
    void route_otherEventKinds_dropped() {
        EventRoute.Routed r = new EventRoute("src", "", "dst", "", true).route(List.of(
                new S3EventRecord("src", "a", "ObjectRestore:Completed", 10, "e", null, "s")));

        assertTrue(r.orders().isEmpty());
        assertEquals(1, r.dropped().size());
    }
}
