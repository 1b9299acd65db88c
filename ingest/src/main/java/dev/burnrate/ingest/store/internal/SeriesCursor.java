package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SeriesKey;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.List;

/**
 * The series of one batch, one at a time, with their samples: a decoded batch's, or a series log
 * row's read in place ({@link SeriesLogCodec#entries}), so that applying a row needs no object per
 * series. What a method returns holds until the next {@link #next}.
 */
interface SeriesCursor {
  /** Moves to the next series; false after the last. */
  boolean next();

  /** Whether the series' samples are deltas. */
  boolean delta();

  /** The series' SLO contributions. */
  List<Contribution> contributions();

  /** The series' key; made when asked for. */
  SeriesKey key();

  /** The number of samples. */
  int size();

  /** The samples' times, at least {@link #size} of them. */
  long[] timestampsMs();

  /** The samples' values, at least {@link #size} of them. */
  double[] values();

  /** A cursor over decoded series. */
  static SeriesCursor of(List<MatchedSeries> series) {
    return new SeriesCursor() {
      private int i = -1;
      private MatchedSeries s;

      @Override
      public boolean next() {
        if (i + 1 >= series.size()) {
          return false;
        }
        s = series.get(++i);
        return true;
      }

      @Override
      public boolean delta() {
        return s.temporality() == Temporality.DELTA;
      }

      @Override
      public List<Contribution> contributions() {
        return s.contributions();
      }

      @Override
      public SeriesKey key() {
        return s.key();
      }

      @Override
      public int size() {
        return s.size();
      }

      @Override
      public long[] timestampsMs() {
        return s.timestampsMs();
      }

      @Override
      public double[] values() {
        return s.values();
      }
    };
  }
}
