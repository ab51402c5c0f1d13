package io.tracejob.api.v1alpha1.validation;

/**
 * The CRD's checks of {@code spec.schedule}, made to agree with cron-utils' UNIX definition (what
 * the scheduler parses, {@link CronExpressions}) so the API server refuses what the operator would:
 * a regex for each field's values, names and steps, then two CEL rules for what a regex cannot
 * compare (a range's ends; a day that never comes). {@code CronCorpusTest} runs one corpus through
 * both.
 *
 * <p>cron-utils' answers the rules copy: numbers may have leading zeros; names are three letters in
 * any case, months only in the month field and days only in the day-of-week field; {@code SUN} is 7
 * (so {@code SUN-SAT} is a reversed range) and 0 and 7 are both Sunday; a step is 1 to the field's
 * maximum; {@code a/s} means a to the field's end. The day of the month and the day of the week are
 * alternatives unless the day of the week is a star (with no step or step 1): only then must the
 * day of the month exist in one of the months.
 */
public final class CronSchemaRules {
    private CronSchemaRules() {}

    private static final String MINUTE = "0*([0-9]|[1-5][0-9])";
    private static final String MINUTE_STEP = "0*([1-9]|[1-5][0-9])";
    private static final String HOUR = "0*([0-9]|1[0-9]|2[0-3])";
    private static final String HOUR_STEP = "0*([1-9]|1[0-9]|2[0-3])";
    private static final String DAY = "0*([1-9]|[12][0-9]|3[01])";
    private static final String MONTH =
            "(0*([1-9]|1[0-2])|(?i:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))";
    private static final String MONTH_STEP = "0*([1-9]|1[0-2])";
    private static final String WEEKDAY = "(0*[0-7]|(?i:SUN|MON|TUE|WED|THU|FRI|SAT))";
    private static final String WEEKDAY_STEP = "0*[1-7]";

    // an item is *, a value or a range, with an optional step; a field is items joined by commas
    private static final String MINUTE_ITEM =
            "(\\*|" + MINUTE + "(-" + MINUTE + ")?)(/" + MINUTE_STEP + ")?";
    private static final String HOUR_ITEM =
            "(\\*|" + HOUR + "(-" + HOUR + ")?)(/" + HOUR_STEP + ")?";
    private static final String DAY_ITEM = "(\\*|" + DAY + "(-" + DAY + ")?)(/" + DAY + ")?";
    private static final String MONTH_ITEM =
            "(\\*|" + MONTH + "(-" + MONTH + ")?)(/" + MONTH_STEP + ")?";
    private static final String WEEKDAY_ITEM =
            "(\\*|" + WEEKDAY + "(-" + WEEKDAY + ")?)(/" + WEEKDAY_STEP + ")?";

    /** Five fields (minute hour day-of-month month day-of-week) or one of CronJob's macros. */
    public static final String PATTERN =
            "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|"
                    + (MINUTE_ITEM + "(," + MINUTE_ITEM + ")* ")
                    + (HOUR_ITEM + "(," + HOUR_ITEM + ")* ")
                    + (DAY_ITEM + "(," + DAY_ITEM + ")* ")
                    + (MONTH_ITEM + "(," + MONTH_ITEM + ")* ")
                    + (WEEKDAY_ITEM + "(," + WEEKDAY_ITEM + ")*")
                    + ")$";

    public static final String PATTERN_RULE =
            "must be five cron fields separated by single spaces (minute 0-59, hour 0-23, day"
                    + " 1-31, month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT; each a list of *,"
                    + " values or ranges with an optional /step), e.g. '*/15 * * * *', or"
                    + " @hourly/@daily/...";

    /**
     * Month and day names in one string: a name's index / 3 % 12 + 1 is its number, as cron-utils
     * counts them (JAN 1 ... DEC 12, MON 1 ... SUN 7). No name occurs at an unaligned index.
     */
    private static final String NAMES =
            "'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDECMONTUEWEDTHUFRISATSUN'";

    // item i's range without its step, its two ends, and their numbers
    private static final String RANGE = "i.split('/')[0]";
    private static final String FROM = RANGE + ".split('-')[0]";
    private static final String TO = RANGE + ".split('-')[1]";
    private static final String FROM_NUMBER =
            "("
                    + FROM
                    + ".matches('^[0-9]+$') ? int("
                    + FROM
                    + ") : "
                    + NAMES
                    + ".indexOf("
                    + FROM
                    + ".upperAscii()) / 3 % 12 + 1)";
    private static final String TO_NUMBER =
            "("
                    + TO
                    + ".matches('^[0-9]+$') ? int("
                    + TO
                    + ") : "
                    + NAMES
                    + ".indexOf("
                    + TO
                    + ".upperAscii()) / 3 % 12 + 1)";

    /** Macros and misshapen values are the pattern's to refuse. */
    private static final String FIVE_FIELDS =
            "self.startsWith('@') || self.split(' ').size() != 5 || ";

    /** Every range runs upwards ({@code 5-1}, {@code SUN-SAT} are refused, as cron-utils does). */
    public static final String RANGES_ASCEND =
            FIVE_FIELDS
                    + "[0, 1, 2, 3, 4].all(k, self.split(' ')[k].split(',').all(i,"
                    + " !"
                    + RANGE
                    + ".contains('-') || "
                    + FROM_NUMBER
                    + " <= "
                    + TO_NUMBER
                    + "))";

    public static final String RANGES_ASCEND_MSG =
            "schedule: every range must run from its lower to its higher value (e.g. 1-5, MON-FRI;"
                    + " SUN is 7)";

    // month item i covers month k: from its start (1 for *) to its end (12 for * and a/s), by step
    private static final String MONTH_START = "(" + RANGE + " == '*' ? 1 : " + FROM_NUMBER + ")";
    private static final String MONTH_END =
            "("
                    + RANGE
                    + " == '*' || (!"
                    + RANGE
                    + ".contains('-') && i.contains('/')) ? 12 : "
                    + RANGE
                    + ".contains('-') ? "
                    + TO_NUMBER
                    + " : "
                    + FROM_NUMBER
                    + ")";
    private static final String MONTH_STEP_NUMBER = "(i.contains('/') ? int(i.split('/')[1]) : 1)";
    private static final String COVERS_MONTH_K =
            "k >= "
                    + MONTH_START
                    + " && k <= "
                    + MONTH_END
                    + " && (k - "
                    + MONTH_START
                    + ") % "
                    + MONTH_STEP_NUMBER
                    + " == 0";

    /** The day of the month's lowest value: 1 for {@code *}, else the least start of its items. */
    private static final String DAYS_FROM_31 =
            "self.split(' ')[2].split(',').all(i, " + RANGE + " != '*' && int(" + FROM + ") == 31)";

    private static final String DAYS_FROM_30 =
            "self.split(' ')[2].split(',').all(i, " + RANGE + " != '*' && int(" + FROM + ") >= 30)";

    /**
     * A day that comes: when the day of the week is {@code *}, some month has the lowest day of the
     * month (30 February, 31 April never come; 29 February does).
     */
    public static final String DAY_EXISTS =
            FIVE_FIELDS
                    + "!self.split(' ')[4].matches('^[*](/0*1)?$') || !"
                    + DAYS_FROM_30
                    + " || ("
                    + DAYS_FROM_31
                    + " ? [1, 3, 5, 7, 8, 10, 12] : [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])"
                    + ".exists(k, self.split(' ')[3].split(',').exists(i, "
                    + COVERS_MONTH_K
                    + "))";

    public static final String DAY_EXISTS_MSG =
            "schedule: names no day that exists (e.g. 30 February, 31 April)";
}
