package dev.uploader.storage.s3;

import dev.uploader.engine.RemoteObject;
import java.util.List;

/**
 * One page of a level of a prefix, as ListObjectsV2 with delimiter '/' gives it: the objects right under the prefix
 * and its folders (common prefixes, each ending in '/'), each in the store's order, and the token of the next page.
 *
 * @param nextToken where the next page starts ({@link S3Bucket#listLevel}), null on the last page
 */
public record LevelPage(List<RemoteObject> objects, List<String> folders, String nextToken) {

    public LevelPage {
        objects = List.copyOf(objects);
        folders = List.copyOf(folders);
    }

    public boolean hasMore() {
        return nextToken != null;
    }
}
