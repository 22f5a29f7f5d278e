package dev.uploader.gui.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of a speed chart, bounded: at most one a second, and when {@link #MAX_POINTS} are held every other one
 * is dropped (the chart of a day-long job keeps its shape in a few hundred points). Not thread-safe: the UI thread's.
 */
final class RateHistory {
    static final int MAX_POINTS = 600;
    private final List<RatePoint> points = new ArrayList<>();
    private double spacing = 1;

    /** What {@link #add} did: nothing, one point at the end, or the points thinned out (the chart is drawn again). */
    enum Change { NONE, ADDED, THINNED }

    /** Adds the point unless it comes sooner than the spacing after the last. */
    Change add(RatePoint point) {
        if (!points.isEmpty() && point.seconds() - points.get(points.size() - 1).seconds() < spacing) {
            return Change.NONE;
        }
        points.add(point);
        if (points.size() < MAX_POINTS) {
            return Change.ADDED;
        }
        {
            List<RatePoint> kept = new ArrayList<>(MAX_POINTS / 2 + 1);
            for (int i = 0; i < points.size(); i += 2) {
                kept.add(points.get(i));
            }
            points.clear();
            points.addAll(kept);
            spacing *= 2;
        }
        return Change.THINNED;
    }

    void clear() {
        points.clear();
        spacing = 1;
    }

    List<RatePoint> points() {
        return List.copyOf(points);
    }
}
