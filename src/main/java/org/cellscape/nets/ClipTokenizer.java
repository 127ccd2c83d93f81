package org.cellscape.nets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellscape.CellscapeException;

/**
 * CLIP's tokenizer, after OpenAI's published algorithm: whitespace runs to one space, lower case, the pre-tokenising
 * regex, each piece's UTF-8 bytes as byte-level characters, BPE with {@code </w>} marking a word's end, then the
 * start and end tokens. Not done: ftfy's mojibake repair and HTML unescaping, which only change text that holds
 * broken encodings or entities.
 */
public final class ClipTokenizer {
    static final String START = "<|startoftext|>", END = "<|endoftext|>";
    /** The original's merges list stops there (49152 tokens less the 256 bytes and the two special ones). */
    static final int MAX_MERGES = 49152 - 256 - 2;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PIECES = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final char[] BYTE_CHARS = byteChars();

    /** A prompt's ids with start and end, and whether its tokens had to be cut to fit the context. */
    public record Tokens(int[] ids, boolean truncated, int tokens) {}

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks;
    private final int start, end, context;
    private final Map<String, String[]> cache = new java.util.concurrent.ConcurrentHashMap<>();

    ClipTokenizer(Map<String, Integer> vocab, List<String[]> merges, int context) {
        this.vocab = vocab;
        this.ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) ranks.putIfAbsent(merges.get(i)[0] + " " + merges.get(i)[1], i);
        this.context = context;
        this.start = vocab.getOrDefault(START, -1);
        this.end = vocab.getOrDefault(END, -1);
    }

    /** Reads {@code vocab.json} (token to id) and {@code merges.txt} (a version line, then one pair a line). */
    public static ClipTokenizer read(Path vocabFile, Path mergesFile, int context) {
        Map<String, Integer> vocab = new HashMap<>();
        try {
            JsonNode v = new ObjectMapper().readTree(Files.readString(vocabFile, StandardCharsets.UTF_8));
            if (v == null || !v.isObject()) throw CellscapeException.badInput(vocabFile + ": not a JSON object of token ids");
            v.fields().forEachRemaining(e -> {
                if (!e.getValue().isIntegralNumber()) throw CellscapeException.badInput(vocabFile + ": token '" + e.getKey() + "' has no whole-number id");
                vocab.put(e.getKey(), e.getValue().asInt());
            });
        } catch (IOException e) {
            throw CellscapeException.badInput(vocabFile + ": cannot read: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String[]> merges = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(mergesFile, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size() && merges.size() < MAX_MERGES; i++) {
                String line = lines.get(i);
                if (i == 0 && line.startsWith("#version")) continue;
                if (line.isEmpty()) continue;
                String[] pair = line.split(" ");
                if (pair.length != 2) throw CellscapeException.badInput(mergesFile + ": line " + (i + 1) + " is not two tokens separated by a space");
                merges.add(pair);
            }
        } catch (IOException e) {
            throw CellscapeException.badInput(mergesFile + ": cannot read: " + e.getMessage());
        }
        for (String special : List.of(START, END))
            if (!vocab.containsKey(special)) throw CellscapeException.badInput(vocabFile + ": no " + special + " token (not a CLIP vocabulary?)");
        for (char c : BYTE_CHARS)
            if (!vocab.containsKey(String.valueOf(c)) || !vocab.containsKey(c + "</w>"))
                throw CellscapeException.badInput(vocabFile + ": byte token '" + c + "' is missing (not a byte-level CLIP vocabulary?)");
        return new ClipTokenizer(vocab, merges, context);
    }

    /** The end token's id: the text tower reads its embedding there. */
    public int endId() {
        return end;
    }

    /** The ids of {@code text}: start, at most {@code context - 2} tokens, end (not padded: see ClipText). */
    public Tokens encode(String text) {
        List<Integer> ids = new ArrayList<>();
        String clean = WHITESPACE.matcher(text).replaceAll(" ").strip().toLowerCase(java.util.Locale.ROOT);
        Matcher m = PIECES.matcher(clean);
        while (m.find()) {
            String piece = m.group();
            for (String t : bpe(piece.equals(START) || piece.equals(END) ? piece : byteLevel(piece))) {
                Integer id = vocab.get(t);
                ids.add(id == null ? end : id); // the Hugging Face tokenizer's unknown token is the end token
            }
        }
        int room = context - 2, kept = Math.min(room, ids.size());
        int[] out = new int[kept + 2];
        out[0] = start;
        for (int i = 0; i < kept; i++) out[i + 1] = ids.get(i);
        out[kept + 1] = end;
        return new Tokens(out, ids.size() > room, ids.size());
    }

    private static String byteLevel(String piece) {
        StringBuilder b = new StringBuilder();
        for (byte x : piece.getBytes(StandardCharsets.UTF_8)) b.append(BYTE_CHARS[x & 0xff]);
        return b.toString();
    }

    /** Merges the lowest-ranked adjacent pair, everywhere in the word, until no pair of the word is a merge. */
    private String[] bpe(String token) {
        if (token.equals(START) || token.equals(END)) return new String[]{token};
        return cache.computeIfAbsent(token, tk -> {
            List<String> word = new ArrayList<>();
            for (int i = 0; i < tk.length(); i++) word.add(i == tk.length() - 1 ? tk.charAt(i) + "</w>" : String.valueOf(tk.charAt(i)));
            while (word.size() > 1) {
                int best = Integer.MAX_VALUE;
                String first = null, second = null;
                for (int i = 0; i + 1 < word.size(); i++) {
                    Integer r = ranks.get(word.get(i) + " " + word.get(i + 1));
                    if (r != null && r < best) {
                        best = r;
                        first = word.get(i);
                        second = word.get(i + 1);
                    }
                }
                if (first == null) break;
                List<String> merged = new ArrayList<>(word.size());
                for (int i = 0; i < word.size(); i++) {
                    if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                        merged.add(first + second);
                        i++;
                    } else merged.add(word.get(i));
                }
                word = merged;
            }
            return word.toArray(String[]::new);
        });
    }

    /** GPT-2's map of bytes to printable characters: printable Latin-1 bytes stand for themselves, the rest from 256 on. */
    private static char[] byteChars() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) printable[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) printable[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) printable[b] = true;
        int n = 0;
        for (int b = 0; b < 256; b++) map[b] = printable[b] ? (char) b : (char) (256 + n++);
        return map;
    }

    @Override
    public String toString() {
        return "ClipTokenizer[" + vocab.size() + " tokens, " + ranks.size() + " merges, context " + context + "]";
    }
}
