import ai.djl.Device; import ai.djl.Model; import ai.djl.ndarray.types.Shape;
import io.emostream.model.faceapi.*; import io.emostream.bench.ModelThroughput;
public class ThreadCheck {
  public static void main(String[] a) throws Exception {
    Model m = io.emostream.model.bundle.ClipModels.builtInExpressionNet(Device.cpu());
    float[] item = new float[112*112*3]; java.util.Arrays.fill(item, 0.1f);
    Shape s = new Shape(112,112,3);
    System.out.println("main default: " + ModelThroughput.measure(m, item, s, 16, 2, 3).median());
    Thread t = new Thread(() -> System.out.println("other thread default: " + ModelThroughput.measure(m, item, s, 16, 2, 3).median()));
    t.start(); t.join();
    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
    System.out.println("main after set 1: " + ModelThroughput.measure(m, item, s, 16, 2, 3).median());
    t = new Thread(() -> System.out.println("other thread after main set 1: " + ModelThroughput.measure(m, item, s, 16, 2, 3).median()));
    t.start(); t.join();
    t = new Thread(() -> { ai.djl.pytorch.jni.JniUtils.setNumThreads(1); System.out.println("other thread set 1 itself: " + ModelThroughput.measure(m, item, s, 16, 2, 3).median());});
    t.start(); t.join();
    t = new Thread(() -> { ai.djl.pytorch.jni.JniUtils.setNumThreads(2); System.out.println("other thread set 2 itself: " + ModelThroughput.measure(m, item, s, 16, 2, 3).median());});
    t.start(); t.join();
    // two threads with 1 each concurrently
    Runnable r = () -> { ai.djl.pytorch.jni.JniUtils.setNumThreads(1); System.out.println("concurrent 1-thread worker: " + ModelThroughput.measure(m, item, s, 16, 2, 3).median());};
    Thread x = new Thread(r), y = new Thread(r); x.start(); y.start(); x.join(); y.join();
  }
}
