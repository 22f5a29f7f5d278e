package dev.uploader.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.Profile;
import org.ini4j.spi.IniBuilder;
import org.ini4j.spi.IniParser;

/**
 * The values of an INI file as Python's configparser reads them: section and key names case-insensitive,
 * {@code =} or {@code :}, full-line {@code #}/{@code ;} comments, a UTF-8 byte-order mark tolerated, and
 * backslashes kept as they are (Windows paths).
 */
public final class IniValues {
    private final Path file;
    private final Map<String, Map<String, String>> sections;

    private IniValues(Path file, Map<String, Map<String, String>> sections) {
        this.file = file;
        this.sections = sections;
    }

    public static IniValues read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new ConfigException("config file " + file + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Config config = new Config();
        config.setEscape(false);
        // a Windows path ending in a backslash must not swallow the next line
        config.setEscapeNewline(false);
        config.setLowerCaseOption(true);
        config.setLowerCaseSection(true);
        config.setMultiOption(false);
        config.setMultiSection(false);
        config.setEmptyOption(true);
        config.setGlobalSection(false);
        // ini4j looks its parser and builder up as services: named here, it does not search every jar of the
        // class path for a META-INF/services file that none has (20 ms of each run)
        System.getProperties().putIfAbsent(IniParser.class.getName(), IniParser.class.getName());
        System.getProperties().putIfAbsent(IniBuilder.class.getName(), IniBuilder.class.getName());
        Ini ini = new Ini();
        ini.setConfig(config);
        try {
            ini.load(new StringReader(text));
        } catch (InvalidFileFormatException e) {
            throw new ConfigException("config file " + file + " is not a valid INI file: " + e.getMessage()
                    + " (every key belongs under a [Section] and reads key = value)", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Map<String, String>> sections = new HashMap<>();
        for (Profile.Section section : ini.values()) {
            Map<String, String> values = sections.computeIfAbsent(section.getName().toLowerCase(Locale.ROOT).trim(), k -> new HashMap<>());
            for (Map.Entry<String, String> e : section.entrySet()) {
                values.put(e.getKey().toLowerCase(Locale.ROOT).trim(), e.getValue() == null ? "" : e.getValue().trim());
            }
        }
        return new IniValues(file, sections);
    }

    public static IniValues empty(Path file) {
        return new IniValues(file, new HashMap<>());
    }

    public Path file() {
        return file;
    }

    public Optional<String> get(String section, String key) {
        Map<String, String> values = sections.get(section.toLowerCase(Locale.ROOT));
        return values == null ? Optional.empty() : Optional.ofNullable(values.get(key.toLowerCase(Locale.ROOT)));
    }

    /** The keys of a section (lower case), sorted; none when there is no such section. */
    public java.util.List<String> keys(String section) {
        Map<String, String> values = sections.get(section.toLowerCase(Locale.ROOT));
        return values == null ? java.util.List.of() : values.keySet().stream().sorted().toList();
    }

    /** These values without a section. */
    public IniValues withoutSection(String section) {
        Map<String, Map<String, String>> copy = new HashMap<>();
        sections.forEach((s, v) -> copy.put(s, new HashMap<>(v)));
        copy.remove(section.toLowerCase(Locale.ROOT));
        return new IniValues(file, copy);
    }

    public IniValues with(String section, String key, String value) {
        Map<String, Map<String, String>> copy = new HashMap<>();
        sections.forEach((s, v) -> copy.put(s, new HashMap<>(v)));
        copy.computeIfAbsent(section.toLowerCase(Locale.ROOT), k -> new HashMap<>()).put(key.toLowerCase(Locale.ROOT), value);
        return new IniValues(file, copy);
    }
}
