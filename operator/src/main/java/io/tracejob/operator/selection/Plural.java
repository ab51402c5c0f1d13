package io.tracejob.operator.selection;

public final class Plural {
    private Plural() {}

    public static String pods(int n) {
        return n + (n == 1 ? " pod" : " pods");
    }
}
