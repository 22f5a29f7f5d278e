package dev.uploader.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.uploader.engine.Proof;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every bundle under src/main/resources/i18n/ (found by listing the folder, so a new one is covered when it is added):
 * each language file has exactly the English file's keys, none empty, with the same placeholders; and the keys the
 * code and the FXML files use are there.
 */
class I18nBundlesTest {
    private static final Path FOLDER = Path.of("src/main/resources/i18n");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");
    /** A file name: base name, then an optional _language[_COUNTRY]. */
    private static final Pattern FILE = Pattern.compile("([a-z][a-zA-Z0-9]*)((?:_[a-z]{2,3})(?:_[A-Z]{2}|_[A-Z][a-z]{3})*)?\\.properties");

    @Test
    void everyBundle_everyLanguageHasTheEnglishKeysAndPlaceholders() throws IOException {
        Map<String, List<Path>> languages = bundles();
        assertTrue(languages.containsKey("messages"), "the messages bundle: " + languages);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Path>> bundle : languages.entrySet()) {
            Path englishFile = FOLDER.resolve(bundle.getKey() + ".properties");
            if (!Files.exists(englishFile)) {
                problems.add(bundle.getKey() + ": no English base file " + englishFile);
                continue;
            }
            Map<String, String> english = read(englishFile);
            if (bundle.getValue().isEmpty()) {
                problems.add(bundle.getKey() + ": no translation (expected at least " + bundle.getKey() + "_zh_CN.properties)");
            }
            checkValues(englishFile, english, problems);
            for (Path file : bundle.getValue()) {
                Map<String, String> other = read(file);
                checkValues(file, other, problems);
                for (String key : english.keySet()) {
                    if (!other.containsKey(key)) {
                        problems.add(file.getFileName() + ": no " + key);
                    } else if (!placeholders(english.get(key)).equals(placeholders(other.get(key)))) {
                        problems.add(file.getFileName() + ": " + key + " has placeholders " + placeholders(other.get(key)) + ", English "
                                + placeholders(english.get(key)));
                    }
                }
                for (String key : other.keySet()) {
                    if (!english.containsKey(key)) {
                        problems.add(file.getFileName() + ": " + key + " is not in " + englishFile.getFileName());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void code_everyKeyItUsesIsInTheEnglishMessages() throws IOException {
        Map<String, String> english = read(FOLDER.resolve("messages.properties"));
        // the keys' literals, wherever they stand (a key is often chosen by a condition before text(...) is called)
        Pattern used = Pattern.compile("\"((?:cli|option|summary|proof|progress|plan|watch|cluster|dialog|unfinished|credentials)\\.[A-Za-z0-9_.]+)\"");
        Set<String> missing = new TreeSet<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file, StandardCharsets.UTF_8);
                if (!code.contains("Texts")) {
                    continue;
                }
                Matcher m = used.matcher(code);
                while (m.find()) {
                    found++;
                    if (!english.containsKey(m.group(1))) {
                        missing.add(file.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertTrue(found > 100, "the scan found the code's keys: " + found);
        for (Proof proof : Proof.values()) {
            if (!english.containsKey("proof." + proof.name())) {
                missing.add("SummaryPrinter: proof." + proof.name());
            }
        }
        assertEquals(Set.of(), missing);
    }

    @Test
    void fxml_everyResourceKeyIsInTheMessagesAndReadableWithoutMessageFormat() throws IOException {
        Pattern used = Pattern.compile("\"%([a-zA-Z0-9_.]+)\"");
        List<String> problems = new ArrayList<>();
        List<Path> bundleFiles;
        try (Stream<Path> files = Files.list(FOLDER)) {
            bundleFiles = files.filter(f -> f.getFileName().toString().startsWith("messages")).toList();
        }
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/fxml"))) {
            for (Path fxml : files.filter(f -> f.toString().endsWith(".fxml")).toList()) {
                Matcher m = used.matcher(Files.readString(fxml, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (!fxml.getFileName().toString().equals("credentials.fxml")) {
                        continue; // the main window's file is the other bundle's (i18n/window), checked with it
                    }
                    for (Path file : bundleFiles) {
                        String value = read(file).get(m.group(1));
                        if (value == null) {
                            problems.add(fxml.getFileName() + ": %" + m.group(1) + " not in " + file.getFileName());
                        } else if (value.contains("'") || value.contains("{")) {
                            problems.add(file.getFileName() + ": " + m.group(1) + " is shown by FXML as it is: no ' nor { in it");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void chinese_writtenAsCharactersNotEscapes() throws IOException {
        String text = Files.readString(FOLDER.resolve("messages_zh_CN.properties"), StandardCharsets.UTF_8);

        assertFalse(text.contains("\\u"), "UTF-8 characters, not \\u escapes");
        assertTrue(text.contains("存储桶"));
    }

    /** Base name -> its language files (not the English base file). */
    private static Map<String, List<Path>> bundles() throws IOException {
        Map<String, List<Path>> bundles = new TreeMap<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    fail("not a bundle file name: " + file);
                }
                List<Path> languages = bundles.computeIfAbsent(m.group(1), k -> new ArrayList<>());
                if (m.group(2) != null) {
                    languages.add(file);
                }
            }
        }
        return bundles;
    }

    private static void checkValues(Path file, Map<String, String> values, List<String> problems) {
        values.forEach((key, value) -> {
            if (value.isBlank()) {
                problems.add(file.getFileName() + ": " + key + " is empty");
                return;
            }
            if (LONE_APOSTROPHE.matcher(value).find()) {
                problems.add(file.getFileName() + ": " + key + " has a lone ' (MessageFormat drops it: write '')");
            }
            try {
                new MessageFormat(value);
            } catch (IllegalArgumentException e) {
                problems.add(file.getFileName() + ": " + key + " is no MessageFormat pattern: " + e.getMessage());
            }
        });
    }

    private static Set<String> placeholders(String value) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    /** The window's bundle: every key its code and its FXML files use, the keys built from enums included. */
    @Test
    void window_everyKeyTheCodeAndTheFxmlUseIsInTheWindowBundle() throws IOException {
        Map<String, String> english = read(FOLDER.resolve("window.properties"));
        Pattern inCode = Pattern.compile("\"((?:vm|queue|runSummary|proven|main|transfers|history|destination|state|log|chooser)\\.[A-Za-z0-9_.]+)\"");
        Pattern inFxml = Pattern.compile("\"%([a-zA-Z0-9_.]+)\"");
        Set<String> missing = new TreeSet<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/uploader/gui"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = inCode.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    found++;
                    String key = m.group(1);
                    // a key's first part, completed from a value (checked below), and the queue's file name are no keys
                    if (!key.endsWith(".") && !key.equals("transfers.properties") && !english.containsKey(key)) {
                        missing.add(file.getFileName() + ": " + key);
                    }
                }
            }
        }
        for (String fxml : List.of("main.fxml", "transfers.fxml")) {
            Matcher m = inFxml.matcher(Files.readString(Path.of("src/main/resources/fxml", fxml), StandardCharsets.UTF_8));
            while (m.find()) {
                found++;
                String value = english.get(m.group(1));
                if (value == null) {
                    missing.add(fxml + ": %" + m.group(1));
                } else if (value.contains("'") || value.contains("{")) {
                    missing.add(fxml + ": %" + m.group(1) + " is shown by FXML as it is: no ' nor { in it");
                }
            }
        }
        List<String> built = new ArrayList<>();
        for (Enum<?> e : dev.uploader.gui.queue.TransferState.values()) {
            built.add("state." + e.name());
        }
        for (Enum<?> e : dev.uploader.history.RunRecord.Origin.values()) {
            built.add("history.origin." + e.name());
        }
        for (Enum<?> e : dev.uploader.history.RunRecord.Outcome.values()) {
            built.add("history.outcome." + e.name());
        }
        for (Enum<?> e : dev.uploader.history.RunDetails.Status.values()) {
            built.add("history.status." + e.name());
        }
        for (Proof p : Proof.values()) {
            built.add("proven." + p.name());
        }
        for (String side : List.of("source", "destination")) {
            built.add("vm.listingBuckets." + side);
            built.add("vm.buckets." + side);
        }
        built.stream().filter(k -> !english.containsKey(k)).forEach(k -> missing.add("built from a value: " + k));
        assertTrue(found > 150, "the scan found the window's keys: " + found);
        assertEquals(Set.of(), missing);
    }
}
