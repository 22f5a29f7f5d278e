package dev.uploader.storage.s3;

import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.RemotePart;
import dev.uploader.engine.TransferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3's paged listings walked to their end, whichever client fetches the pages: ListObjectsV2 by continuation token,
 * ListMultipartUploads by key and upload-id markers, ListParts by part-number marker. A store that says "more" but
 * gives no new marker would loop forever: objects fail (a listing cut short would plan uploads of what is there),
 * uploads and parts stop there with a warning (fewer of them only costs a re-send).
 */
public final class ListingPages {
    private static final Logger LOG = LoggerFactory.getLogger(ListingPages.class);

    private ListingPages() {
    }

    /** One page of objects and the token of the next page, null on the last. */
    public record ObjectsPage(List<RemoteObject> objects, String nextToken) {
    }

    /** One page of unfinished uploads, whether more follow, and the markers of the next page (null where not given). */
    public record UploadsPage(List<PendingUpload> uploads, boolean truncated, String nextKeyMarker, String nextUploadIdMarker) {
    }

    /** One page of the parts of an upload, whether more follow, and the marker of the next page (null where not given). */
    public record PartsPage(List<RemotePart> parts, boolean truncated, Integer nextMarker) {
    }

    /** Markers of ListMultipartUploads. */
    public record UploadMarkers(String key, String uploadId) {
    }

    public static void objects(Function<String, ObjectsPage> page, Consumer<RemoteObject> sink, String place) {
        String token = null;
        do {
            ObjectsPage p = page.apply(token);
            p.objects().forEach(sink);
            if (p.nextToken() != null && p.nextToken().equals(token)) {
                throw new TransferException.Retryable("list objects at " + place
                        + ": the store gave the same continuation token twice; the listing would not end", null);
            }
            token = p.nextToken();
        } while (token != null);
    }

    public static List<PendingUpload> uploads(Function<UploadMarkers, UploadsPage> page, String place) {
        List<PendingUpload> uploads = new ArrayList<>();
        UploadMarkers markers = new UploadMarkers(null, null);
        while (true) {
            UploadsPage p = page.apply(markers);
            uploads.addAll(p.uploads());
            if (!p.truncated()) {
                return uploads;
            }
            if (p.nextKeyMarker() == null
                    || (Objects.equals(p.nextKeyMarker(), markers.key()) && Objects.equals(p.nextUploadIdMarker(), markers.uploadId()))) {
                LOG.warn("ListMultipartUploads of {} said it was truncated but gave no new marker; stopping there", place);
                return uploads;
            }
            markers = new UploadMarkers(p.nextKeyMarker(), p.nextUploadIdMarker());
        }
    }

    public static List<RemotePart> parts(Function<Integer, PartsPage> page, String key) {
        List<RemotePart> parts = new ArrayList<>();
        Integer marker = null;
        while (true) {
            PartsPage p = page.apply(marker);
            parts.addAll(p.parts());
            if (!p.truncated()) {
                return parts;
            }
            if (p.nextMarker() == null || p.nextMarker().equals(marker)) {
                LOG.warn("ListParts of {} said it was truncated but gave no new marker; stopping there", key);
                return parts;
            }
            marker = p.nextMarker();
        }
    }
}
