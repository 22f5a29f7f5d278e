package dev.uploader.storage.http;

import dev.uploader.engine.PristineDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 in the Authorization header, for the requests of the lean path: the canonical request,
 * string to sign and signature of the SigV4 specification, S3 style (the path as sent, not normalised or encoded
 * twice) and with UNSIGNED-PAYLOAD, since Content-MD5, a signed header the store checks, protects the body
 * (docs/decisions/0004). The signing key is derived once per day, region and secret; the SDK's signer derived it
 * and copied the request through several builders for every request (docs/decisions/0006). A test holds it to the
 * SDK's own signer, header for header.
 */
final class SigV4Signer {
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** What the SDK leaves out of the signature too: proxies and the JDK may change or add them. */
    private static final Set<String> NOT_SIGNED = Set.of("connection", "x-amzn-trace-id", "user-agent", "expect", "transfer-encoding");
    private static final HexFormat HEX = HexFormat.of();
    private static final PristineDigest SHA256 = new PristineDigest("SHA-256");

    private final String region;
    private final String service;
    private volatile SigningKey signingKey;

    SigV4Signer(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /** The day's signing key, with its HMAC ready for the day's signatures. */
    private record SigningKey(String day, String accessKeyId, String secret, HmacSha256 mac) {
        @Override
        public String toString() {
            return "SigningKey[" + day + ", " + accessKeyId + "]"; // never the secret
        }
    }

    /**
     * The headers to send: {@code headers} (Host among them) and x-amz-date, x-amz-content-sha256, the session
     * token if any, and Authorization.
     *
     * @param encodedPath the request path exactly as it goes on the request line
     * @param queryString the query exactly as it goes on the request line, from {@link #queryString}
     */
    List<Map.Entry<String, String>> sign(String method, String encodedPath, String queryString,
            List<Map.Entry<String, String>> headers, AwsCredentialsIdentity credentials, Instant now) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC);
        String day = pad(utc.getYear(), 4) + pad(utc.getMonthValue(), 2) + pad(utc.getDayOfMonth(), 2);
        String amzDate = day + "T" + pad(utc.getHour(), 2) + pad(utc.getMinute(), 2) + pad(utc.getSecond(), 2) + "Z";

        List<Map.Entry<String, String>> all = new ArrayList<>(headers.size() + 4);
        all.addAll(headers);
        all.add(Map.entry("x-amz-date", amzDate));
        all.add(Map.entry("x-amz-content-sha256", UNSIGNED_PAYLOAD));
        if (credentials instanceof AwsSessionCredentialsIdentity session && session.sessionToken() != null) {
            all.add(Map.entry("x-amz-security-token", session.sessionToken()));
        }

        List<String[]> signed = new ArrayList<>(all.size());
        for (Map.Entry<String, String> h : all) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_SIGNED.contains(name)) {
                signed.add(new String[] {name, canonicalValue(h.getValue())});
            }
        }
        signed.sort(Comparator.comparing((String[] h) -> h[0]));
        StringBuilder canonical = new StringBuilder(512);
        canonical.append(method).append('\n').append(encodedPath).append('\n').append(queryString).append('\n');
        StringBuilder names = new StringBuilder(128);
        for (int i = 0; i < signed.size(); i++) {
            String name = signed.get(i)[0];
            // a header sent twice is signed once, its values joined by commas
            StringBuilder value = new StringBuilder(signed.get(i)[1]);
            while (i + 1 < signed.size() && signed.get(i + 1)[0].equals(name)) {
                value.append(',').append(signed.get(++i)[1]);
            }
            canonical.append(name).append(':').append(value).append('\n');
            if (names.length() > 0) {
                names.append(';');
            }
            names.append(name);
        }
        canonical.append('\n').append(names).append('\n').append(UNSIGNED_PAYLOAD);

        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical.toString()));
        String signature = HEX.formatHex(key(day, credentials).mac().mac(stringToSign.getBytes(StandardCharsets.UTF_8)));
        all.add(Map.entry("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + names + ", Signature=" + signature));
        return all;
    }

    /** The query as it goes on the request line and into the canonical request: encoded, sorted by name, then value. */
    static String queryString(List<Map.Entry<String, String>> query) {
        if (query.isEmpty()) {
            return "";
        }
        List<String[]> encoded = new ArrayList<>(query.size());
        for (Map.Entry<String, String> p : query) {
            encoded.add(new String[] {uriEncode(p.getKey(), true), p.getValue() == null ? "" : uriEncode(p.getValue(), true)});
        }
        encoded.sort(Comparator.comparing((String[] p) -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] p : encoded) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /**
     * SigV4's URI encoding: every byte of the UTF-8 form except the unreserved {@code A-Z a-z 0-9 - _ . ~} as
     * {@code %XY} in upper case; '/' kept as is where {@code encodeSlash} is false (object key paths).
     */
    static String uriEncode(String text, boolean encodeSlash) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                    || c == '~' || (c == '/' && !encodeSlash)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Trimmed, runs of spaces made one: the canonical form of a header value. */
    private static String canonicalValue(String value) {
        String trimmed = value.trim();
        if (trimmed.indexOf("  ") < 0) {
            return trimmed;
        }
        StringBuilder out = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c != ' ' || out.charAt(out.length() - 1) != ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private SigningKey key(String day, AwsCredentialsIdentity credentials) {
        SigningKey current = signingKey;
        if (current != null && current.day.equals(day) && current.accessKeyId.equals(credentials.accessKeyId())
                && current.secret.equals(credentials.secretAccessKey())) {
            return current;
        }
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        SigningKey fresh = new SigningKey(day, credentials.accessKeyId(), credentials.secretAccessKey(), new HmacSha256(key));
        signingKey = fresh;
        return fresh;
    }

    private static byte[] hmac(byte[] key, String data) {
        return new HmacSha256(key).mac(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String data) {
        return SHA256.newDigest().digest(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String pad(int value, int width) {
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
