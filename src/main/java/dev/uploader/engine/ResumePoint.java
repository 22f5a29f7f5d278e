package dev.uploader.engine;

import java.util.Map;

/** An unfinished upload chosen to continue, the layout to continue it with and the parts already there. */
record ResumePoint(String uploadId, PartLayout layout, Map<Integer, RemotePart> parts) {
}
