package io.basalt.sql.types;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The words date/time input understands: month and weekday names (full or abbreviated),
 * a subset of PostgreSQL's default time zone abbreviations (fixed offsets, as in its
 * "Default" abbreviation set), and IANA zone names matched without regard to case.
 */
final class DateTimeWords {
    private static final Map<String, Integer> MONTHS = new HashMap<>();
    private static final Set<String> WEEKDAYS = Set.of(
            "sun", "sunday", "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday",
            "thu", "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday");
    private static final Map<String, ZoneOffset> ABBREVIATIONS = new HashMap<>();
    private static final Map<String, String> ZONE_IDS = new HashMap<>();

    static {
        String[] full = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"};
        for (int i = 0; i < full.length; i++) {
            MONTHS.put(full[i], i + 1);
            MONTHS.put(full[i].substring(0, 3), i + 1);
        }
        MONTHS.put("sept", 9);
        Object[][] abbreviations = {
            {"z", 0}, {"zulu", 0}, {"utc", 0}, {"ut", 0}, {"gmt", 0}, {"wet", 0},
            {"bst", 3600}, {"west", 3600}, {"cet", 3600}, {"met", 3600}, {"cest", 7200}, {"mest", 7200},
            {"eet", 7200}, {"eest", 10800}, {"msk", 10800}, {"ist", 7200}, {"jst", 32400}, {"kst", 32400},
            {"aest", 36000}, {"aedt", 39600}, {"acst", 34200}, {"awst", 28800}, {"nzst", 43200}, {"nzdt", 46800},
            {"est", -18000}, {"edt", -14400}, {"cst", -21600}, {"cdt", -18000}, {"mst", -25200},
            {"mdt", -21600}, {"pst", -28800}, {"pdt", -25200}, {"akst", -32400}, {"akdt", -28800},
            {"hst", -36000},
        };
        for (Object[] a : abbreviations) {
            ABBREVIATIONS.put((String) a[0], ZoneOffset.ofTotalSeconds((Integer) a[1]));
        }
        for (String id : ZoneId.getAvailableZoneIds()) {
            ZONE_IDS.put(id.toLowerCase(Locale.ROOT), id);
        }
    }

    private DateTimeWords() {
    }

    /** 1-12 for a month name or abbreviation (lower case), else 0. */
    static int month(String word) {
        return MONTHS.getOrDefault(word, 0);
    }

    static boolean isWeekday(String word) {
        return WEEKDAYS.contains(word);
    }

    /** The zone a word names (lower case): an abbreviation or an IANA name; null if none. */
    static ZoneId zone(String word) {
        ZoneOffset fixed = ABBREVIATIONS.get(word);
        if (fixed != null) {
            return fixed;
        }
        String id = ZONE_IDS.get(word);
        return id == null ? null : ZoneId.of(id);
    }
}
