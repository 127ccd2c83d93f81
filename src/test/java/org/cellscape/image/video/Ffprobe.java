package org.cellscape.image.video;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.cellscape.image.TestImages;

/** What Debian's ffprobe, a decoder independent of ours, reads from a video: decoded frame count, size and frame rate. */
public record Ffprobe(int frames, int width, int height, String fps) {
    public static Ffprobe of(Path video) throws Exception {
        assumeTrue(TestImages.onPath("ffprobe"), "ffprobe not installed (apt-get install ffmpeg)");
        String out = TestImages.tool("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height,r_frame_rate,nb_read_frames", "-of", "default=noprint_wrappers=1", video.toString());
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (String line : out.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2) m.put(kv[0].strip(), kv[1].strip());
        }
        if (!"h264".equals(m.get("codec_name"))) throw new AssertionError("ffprobe: not H.264: " + out);
        return new Ffprobe(Integer.parseInt(m.get("nb_read_frames")), Integer.parseInt(m.get("width")), Integer.parseInt(m.get("height")), m.get("r_frame_rate"));
    }
}
