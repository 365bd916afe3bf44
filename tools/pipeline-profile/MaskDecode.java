import io.emostream.model.sample.SampleFrames;
import io.emostream.jobs.frames.FfmpegJpegDecoder;
import io.emostream.ingest.EdgeFaceDetector;
import io.emostream.ingest.IngestOptions.EdgeFaces;
import java.awt.image.BufferedImage;
import java.util.*;
public class MaskDecode {
  public static void main(String[] a) throws Exception {
    List<byte[]> plain = SampleFrames.jpegLoop(16, 0, 0.85f);
    List<byte[]> masked = new ArrayList<>();
    try (EdgeFaceDetector d = new EdgeFaceDetector(EdgeFaces.FACES_ONLY, ai.djl.Device.cpu(), 0.5)) {
      for (byte[] j : plain) {
        BufferedImage im = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(j));
        BufferedImage rgb = new BufferedImage(im.getWidth(), im.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(im, 0, 0, null);
        d.apply(rgb);
        masked.add(SampleFrames.jpeg(rgb, 0.85f));
      }
    }
    System.out.println("bytes plain " + plain.get(0).length + " masked " + masked.get(0).length);
    try (FfmpegJpegDecoder dec = new FfmpegJpegDecoder()) {
      for (int r = 0; r < 4; r++) {
        for (List<byte[]> set : List.of(plain, masked)) {
          long t0 = System.nanoTime(); int n = 0;
          while (System.nanoTime() - t0 < 2e9) { for (byte[] j : set) { dec.decode(j, 4096); n++; } }
          System.out.printf("%s %.3f ms/frame%n", set == plain ? "plain " : "masked", (System.nanoTime() - t0) / 1e6 / n);
        }
      }
    }
  }
}
