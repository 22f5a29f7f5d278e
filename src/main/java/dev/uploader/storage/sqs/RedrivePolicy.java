package dev.uploader.storage.sqs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** The queue attribute RedrivePolicy: {@code {"deadLetterTargetArn":"arn:aws:sqs:...:name","maxReceiveCount":"5"}}. */
final class RedrivePolicy {
    private static final JsonFactory JSON = new JsonFactory();

    private RedrivePolicy() {
    }

    /** The dead-letter queue's ARN, or null when the policy names none or cannot be read. */
    static String targetArn(String policy) {
        try (JsonParser p = JSON.createParser(policy)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("deadLetterTargetArn")) {
                    return p.getValueAsString();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
