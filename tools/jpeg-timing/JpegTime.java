import java.awt.image.BufferedImage; import javax.imageio.*; import javax.imageio.stream.*; import java.io.*;
/** ImageIO JPEG encode and Java2D downscale cost per frame, as ingest does them. Run from the repository root: java tools/jpeg-timing/JpegTime.java */
public class JpegTime { public static void main(String[] a) throws Exception {
 for (int[] wh : new int[][]{{1280,720},{1920,1080}}) {
 BufferedImage src = ImageIO.read(new File("model-training/src/main/resources/io/emostream/model/sample/astronaut.png"));
 BufferedImage img = new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_3BYTE_BGR); img.getGraphics().drawImage(src,0,0,wh[0],wh[1],null);
 long best=Long.MAX_VALUE; long t0;
 for (int r=0;r<40;r++){ t0=System.nanoTime(); ImageWriter w=ImageIO.getImageWritersByFormatName("jpeg").next(); ByteArrayOutputStream b=new ByteArrayOutputStream();
  try(MemoryCacheImageOutputStream o=new MemoryCacheImageOutputStream(b)){w.setOutput(o);ImageWriteParam p=w.getDefaultWriteParam();p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);p.setCompressionQuality(0.85f);w.write(null,new IIOImage(img,null,null),p);} w.dispose(); if(r>10) best=Math.min(best,System.nanoTime()-t0);}
 long sb=Long.MAX_VALUE; for(int r=0;r<30;r++){t0=System.nanoTime(); BufferedImage o=new BufferedImage(1280,720,BufferedImage.TYPE_3BYTE_BGR); var g=o.createGraphics(); g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR); g.drawImage(img,0,0,1280,720,null); g.dispose(); if(r>10) sb=Math.min(sb,System.nanoTime()-t0);}
 System.out.printf("%dx%d jpeg encode best %.1f ms, scale to 1280x720 best %.1f ms%n", wh[0], wh[1], best/1e6, sb/1e6);}
}}
