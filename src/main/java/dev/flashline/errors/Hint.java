package dev.flashline.errors;

import java.util.List;

/**
 * What the user should try, with the settings it mentions left as {@code {}} placeholders, filled
 * in order by the front end's names for them: {@code Hint.of("Read again with a lower {}.", BAUD)}.
 */
public record Hint(String template, List<Setting> settings) {
    private static final String SLOT = "{}";
    public static final Hint NONE = new Hint("", List.of());

    public Hint {
        settings = List.copyOf(settings);
        // With no settings the text is plain: braces in it are just text.
        if (!settings.isEmpty() && slots(template) != settings.size()) {
            throw new IllegalArgumentException("hint has " + slots(template) + " slots for " + settings.size()
                    + " settings: " + template);
        }
    }

    private static int slots(String template) {
        int slots = 0;
        for (int i = template.indexOf(SLOT); i >= 0; i = template.indexOf(SLOT, i + SLOT.length())) {
            slots++;
        }
        return slots;
    }

    public static Hint of(String template, Setting... settings) {
        return new Hint(template, List.of(settings));
    }

    /** A hint that names no setting (null becomes the empty hint). */
    public static Hint text(String text) {
        return text == null || text.isEmpty() ? NONE : new Hint(text, List.of());
    }

    public String render(Setting.Names names) {
        if (settings.isEmpty()) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int from = 0;
        for (Setting setting : settings) {
            int at = template.indexOf(SLOT, from);
            out.append(template, from, at).append(names.of(setting));
            from = at + SLOT.length();
        }
        return out.append(template.substring(from)).toString();
    }

    @Override
    public String toString() {
        return render(Setting.Names.NEUTRAL);
    }
}
