package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the soak judges its figures: flat, grew (not a leak), or a leak that fails the benchmark. */
class SoakVerdictTest {
    @Test
    void countsWithinTheMarginAreFlatAndSteadyGrowthIsALeak() {
        assertFalse(SoakVerdict.count("threads", 60, 66, 63, 6).leak());
        assertTrue(SoakVerdict.count("threads", 60, 66, 63, 6).text().startsWith("flat"));
        SoakVerdict growing = SoakVerdict.count("threads", 60, 90, 120, 6);
        assertTrue(growing.leak(), growing.text());
        assertTrue(growing.text().contains("grew by 60"), growing.text());
        assertFalse(SoakVerdict.count("threads", 60, 90, 80, 6).leak(), "grew once, then fell: no steady growth");
    }

    @Test
    void heapEndingAboveTwiceTheMiddleIsALeak() {
        assertFalse(SoakVerdict.heap(20, 22, 24).leak());
        assertTrue(SoakVerdict.heap(20, 22, 24).text().startsWith("flat"));
        assertFalse(SoakVerdict.heap(20, 26, 30).leak());
        assertTrue(SoakVerdict.heap(20, 30, 61).leak());
        assertTrue(SoakVerdict.heap(20, 35, 45).leak(), "more than twice the start");
    }

    @Test
    void percentilesByNearestRank() {
        List<Double> values = List.of(5.0, 1.0, 3.0, 2.0, 4.0);
        assertEquals(3.0, SoakVerdict.percentile(values, 50));
        assertEquals(5.0, SoakVerdict.percentile(values, 95));
        assertEquals(0.0, SoakVerdict.percentile(List.of(), 50));
    }
}
