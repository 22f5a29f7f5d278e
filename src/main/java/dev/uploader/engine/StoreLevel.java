package dev.uploader.engine;

import java.util.List;

/**
 * One level of a prefix, as a listing with delimiter '/' gives it: the objects right under it and its folders (common
 * prefixes, each ending in '/'), each in the store's order.
 */
public record StoreLevel(List<RemoteObject> objects, List<String> folders) {

    public StoreLevel {
        objects = List.copyOf(objects);
        folders = List.copyOf(folders);
    }
}
