package dev.uploader.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Resume records in memory, as the file ledger keeps them: started once, parts added, never rewritten. */
final class InMemoryLedger implements ResumeLedger {
    private final Map<String, ResumeRecord> records = new HashMap<>();
    int starts;

    @Override
    public synchronized Optional<ResumeRecord> find(String uploadId) {
        return Optional.ofNullable(records.get(uploadId));
    }

    @Override
    public synchronized void start(String uploadId, ResumeRecord record) {
        starts++;
        records.put(uploadId, new ResumeRecord(record.sourceEtag(), record.sourceVersion(), record.sourceSize(), record.sourceModifiedMillis(),
                record.partSize(), Map.of()));
    }

    @Override
    public synchronized void partStored(String uploadId, int partNumber, ResumeRecord.StoredPart part) {
        ResumeRecord r = records.get(uploadId);
        if (r != null) {
            Map<Integer, ResumeRecord.StoredPart> parts = new HashMap<>(r.parts());
            parts.put(partNumber, part);
            records.put(uploadId, new ResumeRecord(r.sourceEtag(), r.sourceVersion(), r.sourceSize(), r.sourceModifiedMillis(), r.partSize(), parts));
        }
    }

    @Override
    public synchronized void delete(String uploadId) {
        records.remove(uploadId);
    }

    synchronized int size() {
        return records.size();
    }

    synchronized void forgetAll() {
        records.clear();
    }
}
