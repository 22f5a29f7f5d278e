package dev.uploader.cluster;

/**
 * One received message.
 *
 * @param receiptHandle what this receive may change or delete it with
 * @param receiveCount  how many times it was received, this time included (SQS's ApproximateReceiveCount)
 * @param firstReceivedMillis when it was first received (epoch milliseconds), 0 when unknown
 */
public record QueueMessage(String id, String receiptHandle, String body, int receiveCount, long firstReceivedMillis) {
}
