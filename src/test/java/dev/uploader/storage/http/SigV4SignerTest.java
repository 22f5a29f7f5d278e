package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Our SigV4 against the AWS SDK's own signer (the reference): for the same request, credentials and clock, the
 * same Authorization, x-amz-date and payload header. S3Proxy checks the signatures of real requests in the
 * end-to-end tests; this covers what it would let pass unseen (odd keys, query values, session tokens).
 */
class SigV4SignerTest {
    private static final Instant NOW = Instant.parse("2026-03-09T07:05:03Z");
    private static final AwsCredentialsIdentity KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("plain.bin", List.of(), KEYS),
                Arguments.of("a b/c+d%e=f&g.bin", List.of(), KEYS),
                Arguments.of("ünïcödé/日本語 ファイル.txt", List.of(), KEYS),
                Arguments.of("q?x#y;z,w'v\"u.dat", List.of(), KEYS),
                Arguments.of("tilde~star*paren(1)[2]{3}!$@^.log", List.of(), KEYS),
                Arguments.of("emoji-\uD83D\uDE00/trailing space ", List.of(), KEYS),
                Arguments.of("big/file.iso", List.of(Map.entry("partNumber", "10000"), Map.entry("uploadId", "2~iZ/+x=y&z Ab_c.-d")), KEYS),
                Arguments.of("part.bin", List.of(Map.entry("uploadId", "b"), Map.entry("partNumber", "7")),
                        AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars", "FwoGZXIvYXdzE//token+with=signs")));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void sign_sameRequestAsTheSdk_givesTheSdksSignatureAndHeaders(String key, List<Map.Entry<String, String>> query,
            AwsCredentialsIdentity credentials) {
        String path = "/bucket-1/" + SigV4Signer.uriEncode(key, false);
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Host", "127.0.0.1:9000"),
                Map.entry("Content-Length", "12345"),
                Map.entry("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="),
                Map.entry("User-Agent", "uploader/1.0 (Linux; java 17)"),
                Map.entry("Content-Type", "application/octet-stream"),
                Map.entry("x-amz-storage-class", "  STANDARD_IA   with  spaces "));

        Map<String, String> ours = byName(new SigV4Signer("eu-central-1", "s3").sign("PUT", path, SigV4Signer.queryString(query), headers, credentials, NOW));
        Map<String, String> sdk = sdkSigned(path, query, headers, credentials);

        assertEquals(sdk.get("authorization"), ours.get("authorization"));
        assertEquals(sdk.get("x-amz-date"), ours.get("x-amz-date"));
        assertEquals("UNSIGNED-PAYLOAD", ours.get("x-amz-content-sha256"));
        assertEquals(sdk.get("x-amz-content-sha256"), ours.get("x-amz-content-sha256"));
        assertEquals(sdk.get("x-amz-security-token"), ours.get("x-amz-security-token"));
    }

    @Test
    void sign_userAgentChanged_keepsTheSignatureButContentMd5Changed_changesIt() {
        SigV4Signer signer = new SigV4Signer("us-east-1", "s3");
        List<Map.Entry<String, String>> base = List.of(Map.entry("Host", "h"), Map.entry("Content-MD5", "AAAA"), Map.entry("User-Agent", "a"));
        List<Map.Entry<String, String>> otherAgent = List.of(Map.entry("Host", "h"), Map.entry("Content-MD5", "AAAA"), Map.entry("User-Agent", "b"));
        List<Map.Entry<String, String>> otherMd5 = List.of(Map.entry("Host", "h"), Map.entry("Content-MD5", "BBBB"), Map.entry("User-Agent", "a"));

        String signature = byName(signer.sign("PUT", "/b/k", "", base, KEYS, NOW)).get("authorization");

        assertEquals(signature, byName(signer.sign("PUT", "/b/k", "", otherAgent, KEYS, NOW)).get("authorization"));
        assertNotEquals(signature, byName(signer.sign("PUT", "/b/k", "", otherMd5, KEYS, NOW)).get("authorization"));
        assertTrue(signature.contains("SignedHeaders=content-md5;host;x-amz-content-sha256;x-amz-date,"), signature);
    }

    @Test
    void sign_nextDayOrOtherSecret_derivesANewKey() {
        SigV4Signer signer = new SigV4Signer("us-east-1", "s3");
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Host", "h"));
        Instant nextDay = NOW.plusSeconds(24 * 3600);

        String today = byName(signer.sign("PUT", "/b/k", "", headers, KEYS, NOW)).get("authorization");
        String tomorrow = byName(signer.sign("PUT", "/b/k", "", headers, KEYS, nextDay)).get("authorization");
        String rotated = byName(signer.sign("PUT", "/b/k", "", headers,
                AwsBasicCredentials.create("AKIDEXAMPLE", "another-secret"), nextDay)).get("authorization");

        assertTrue(tomorrow.contains("/20260310/us-east-1/s3/aws4_request"), tomorrow);
        assertEquals(byName(new SigV4Signer("us-east-1", "s3").sign("PUT", "/b/k", "", headers, KEYS, nextDay)).get("authorization"), tomorrow);
        assertNotEquals(today, tomorrow);
        assertNotEquals(tomorrow, rotated);
    }

    @Test
    void queryString_sortsByEncodedNameThenValue() {
        assertEquals("a=1&a=2&b=%20%2B%2F", SigV4Signer.queryString(List.of(Map.entry("b", " +/"), Map.entry("a", "2"), Map.entry("a", "1"))));
        assertEquals("", SigV4Signer.queryString(List.of()));
    }

    @Test
    void uriEncode_keepsOnlyUnreservedAndPathSlashes() {
        assertEquals("a/b%20c/%C3%A9~-_.", SigV4Signer.uriEncode("a/b c/é~-_.", false));
        assertEquals("a%2Fb", SigV4Signer.uriEncode("a/b", true));
        assertFalse(SigV4Signer.uriEncode("*+", false).contains("*"));
    }

    private static Map<String, String> sdkSigned(String path, List<Map.Entry<String, String>> query, List<Map.Entry<String, String>> headers,
            AwsCredentialsIdentity credentials) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol("https").host("127.0.0.1").port(9000)
                .encodedPath(path);
        query.forEach(p -> request.appendRawQueryParameter(p.getKey(), p.getValue()));
        headers.forEach(h -> request.appendHeader(h.getKey(), h.getValue()));
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)).request();
        List<Map.Entry<String, String>> all = new ArrayList<>();
        signed.forEachHeader((name, values) -> values.forEach(v -> all.add(Map.entry(name, v))));
        return byName(all);
    }

    private static Map<String, String> byName(List<Map.Entry<String, String>> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach(h -> out.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
        return out;
    }
}
