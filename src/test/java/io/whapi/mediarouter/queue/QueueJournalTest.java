package io.whapi.mediarouter.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueJournalTest {

    @TempDir
    Path folder;

    private static byte[] entry(String id) {
        return ("{\"media\":{\"messageId\":\"" + id + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String text(QueueJournal.Entry entry) {
        return new String(entry.json(), StandardCharsets.UTF_8);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
    }

    private String allSegments() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path segment : segments()) {
            all.append(Files.readString(segment));
        }
        return all.toString();
    }

    /** Appends m0, m1 ... and takes each at once: all in work, none done. */
    private static List<QueueJournal.Entry> appendAndTake(QueueJournal journal, int count) throws InterruptedException {
        List<QueueJournal.Entry> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            journal.append(entry("m" + i));
            taken.add(journal.take(100));
        }
        return taken;
    }

    @Test
    void entriesAreTakenInOrderOnceAndNothingOfThemStaysOnDiskWhenDone() throws Exception {
        try (QueueJournal journal = new QueueJournal(folder)) {
            journal.append(entry("first"));
            journal.append(entry("second"));

            QueueJournal.Entry first = journal.take(100);
            QueueJournal.Entry second = journal.take(100);
            assertThat(text(first)).isEqualTo(new String(entry("first"), StandardCharsets.UTF_8));
            assertThat(text(second)).contains("second");
            assertThat(journal.take(10)).as("nothing more").isNull();
            assertThat(journal.queued()).isEqualTo(2);
            assertThat(allSegments()).contains("first", "second");

            journal.done(first);
            journal.done(second);

            assertThat(journal.queued()).isZero();
            assertThat(segments()).as("kept for the next entries").hasSize(1);
            assertThat(allSegments()).isEmpty();
            journal.append(entry("third"));
            assertThat(text(journal.take(100))).contains("third");
        }
    }

    @Test
    void whatWasNotDoneAtAStopIsTakenAgainAfterIt() throws Exception {
        try (QueueJournal journal = new QueueJournal(folder)) {
            for (String id : List.of("a", "b", "c")) {
                journal.append(entry(id));
            }
            journal.take(100);
            journal.done(journal.take(100));
            journal.take(100);
        }

        try (QueueJournal reopened = new QueueJournal(folder)) {
            assertThat(reopened.queued()).isEqualTo(2);
            QueueJournal.Entry a = reopened.take(100);
            QueueJournal.Entry c = reopened.take(100);
            assertThat(text(a)).contains("\"a\"");
            assertThat(text(c)).contains("\"c\"");
            assertThat(reopened.take(10)).isNull();
            reopened.done(a);
            reopened.done(c);
        }
        try (QueueJournal again = new QueueJournal(folder)) {
            assertThat(again.queued()).isZero();
            assertThat(again.take(10)).isNull();
        }
    }

    @Test
    void aLineCutShortByACrashIsPassedOverAndNotJoinedToTheNextEntry() throws Exception {
        try (QueueJournal journal = new QueueJournal(folder)) {
            journal.append(entry("whole"));
        }
        Files.writeString(segments().get(0), "+2 {\"media\":{\"mess", StandardOpenOption.APPEND);

        try (QueueJournal reopened = new QueueJournal(folder)) {
            assertThat(text(reopened.take(100))).contains("whole");
            reopened.append(entry("after"));
            QueueJournal.Entry after = reopened.take(100);
            assertThat(text(after)).isEqualTo(new String(entry("after"), StandardCharsets.UTF_8));
            assertThat(reopened.take(10)).isNull();
        }
    }

    @Test
    void aSegmentGoesOnlyOnceItsEntriesAndThoseBeforeItAreDone() throws Exception {
        // about two entries per segment
        try (QueueJournal journal = new QueueJournal(folder, 60)) {
            List<QueueJournal.Entry> taken = appendAndTake(journal, 6);
            int written = segments().size();
            assertThat(written).isGreaterThan(2);

            for (int i = 5; i >= 1; i--) {
                journal.done(taken.get(i));
            }
            assertThat(segments()).as("the oldest holds m0, not done").hasSize(written);

            journal.done(taken.get(0));
            assertThat(segments()).hasSize(1);
            assertThat(allSegments()).isEmpty();
        }
    }

    @Test
    void doneLinesInLaterSegmentsCountAfterAReopen() throws Exception {
        try (QueueJournal journal = new QueueJournal(folder, 60)) {
            List<QueueJournal.Entry> taken = appendAndTake(journal, 4);
            // m0 stays in work: every segment is kept, the done lines of m1..m3 with them
            journal.done(taken.get(3));
            journal.done(taken.get(1));
            journal.done(taken.get(2));
        }
        try (QueueJournal reopened = new QueueJournal(folder, 60)) {
            assertThat(reopened.queued()).isEqualTo(1);
            assertThat(text(reopened.take(100))).contains("m0");
            assertThat(reopened.take(10)).isNull();
        }
    }

    @Test
    void anEntryGivenBackIsTakenAgainBeforeTheNext() throws Exception {
        try (QueueJournal journal = new QueueJournal(folder)) {
            journal.append(entry("failed"));
            journal.append(entry("next"));
            QueueJournal.Entry failed = journal.take(100);

            journal.retry(failed);

            assertThat(text(journal.take(100))).contains("failed");
            assertThat(text(journal.take(100))).contains("next");
        }
    }

    @Test
    void entriesAppendedFromManyThreadsAreEachTakenExactlyOnce() throws Exception {
        int writers = 8;
        int perWriter = 250;
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 4);
        try (QueueJournal journal = new QueueJournal(folder, 4096)) {
            List<Future<?>> appends = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                appends.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        journal.append(entry(writer + "-" + i));
                    }
                }));
            }
            List<Future<?>> takers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                takers.add(pool.submit(() -> {
                    QueueJournal.Entry taken;
                    while ((taken = journal.take(500)) != null) {
                        if (!seen.add(text(taken))) {
                            synchronized (duplicates) {
                                duplicates.add(text(taken));
                            }
                        }
                        journal.done(taken);
                    }
                    return null;
                }));
            }
            for (Future<?> append : appends) {
                append.get();
            }
            for (Future<?> taker : takers) {
                taker.get();
            }

            assertThat(duplicates).isEmpty();
            assertThat(seen).hasSize(writers * perWriter);
            assertThat(journal.queued()).isZero();
            assertThat(segments()).hasSizeLessThanOrEqualTo(1);
            assertThat(allSegments()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
