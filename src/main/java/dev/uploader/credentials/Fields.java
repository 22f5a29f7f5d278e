package dev.uploader.credentials;

import java.util.regex.Pattern;

/** What the files accept as a profile name or a value; the messages name the field, never its value. */
final class Fields {
    /** The characters the AWS SDK accepts in a profile name; other profiles are skipped when it reads the file. */
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_\\-/.%@:+]+");
    /** Printable ASCII without spaces: nothing that could end the line, start a comment or change the encoding. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");

    private Fields() {
    }

    static boolean isProfileName(String name) {
        return PROFILE_NAME.matcher(name).matches();
    }

    /** The name without surrounding whitespace. */
    static String profileName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the profile name is empty");
        }
        if (!PROFILE_NAME.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("profile name '" + trimmed + "' may hold only letters, digits and - _ / . % @ : +");
        }
        return trimmed;
    }

    /** The value without surrounding whitespace. */
    static String required(String value, String what) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        if (!TOKEN.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("the " + what + " may hold only printable ASCII characters without spaces");
        }
        return trimmed;
    }

    /** The value without surrounding whitespace, or null when it is null or blank. */
    static String optional(String value, String what) {
        return value == null || value.isBlank() ? null : required(value, what);
    }
}
