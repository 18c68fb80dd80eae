package io.fiso.costs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The cost-ingestor's state lives in changelog topics and RocksDB across versions: its byte layout
 * must stay exactly what {@link DataOutputStream} wrote when the state was first stored.
 */
class StateSerdeTest {

  /** One typed field: written with {@link DataOutput}, read back with {@link DataInput}. */
  record Field(char kind, Object value) {
    void write(DataOutput out) throws IOException {
      switch (kind) {
        case 'Z' -> out.writeBoolean((Boolean) value);
        case 'B' -> out.writeByte((Byte) value);
        case 'S' -> out.writeShort((Short) value);
        case 'C' -> out.writeChar((Character) value);
        case 'I' -> out.writeInt((Integer) value);
        case 'J' -> out.writeLong((Long) value);
        case 'F' -> out.writeFloat((Float) value);
        case 'D' -> out.writeDouble((Double) value);
        case 'U' -> out.writeUTF((String) value);
        case 'b' -> out.write((byte[]) value);
        case 'c' -> out.writeChars((String) value);
        default -> throw new IllegalStateException("kind " + kind);
      }
    }

    Object read(DataInput in) throws IOException {
      return switch (kind) {
        case 'Z' -> in.readBoolean();
        case 'B' -> in.readByte();
        case 'S' -> in.readShort();
        case 'C' -> in.readChar();
        case 'I' -> in.readInt();
        case 'J' -> in.readLong();
        case 'F' -> in.readFloat();
        case 'D' -> in.readDouble();
        case 'U' -> in.readUTF();
        case 'b' -> {
          byte[] b = new byte[((byte[]) value).length];
          in.readFully(b);
          yield List.of(b); // compared by content below
        }
        case 'c' -> {
          StringBuilder s = new StringBuilder();
          for (int i = 0; i < ((String) value).length(); i++) {
            s.append(in.readChar());
          }
          yield s.toString();
        }
        default -> throw new IllegalStateException("kind " + kind);
      };
    }
  }

  @Provide
  Arbitrary<List<Field>> fields() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.strings().ascii().ofMaxLength(40),
            Arbitraries.strings().all().ofMaxLength(40), // NULs, 2- and 3-byte chars, surrogates
            Arbitraries.of("fiso-sample", "eu-west-1", "\u0000", "é", "€", "\uD83D\uDE00", ""));
    Arbitrary<Field> field =
        Arbitraries.oneOf(
            Arbitraries.of(true, false).map(v -> new Field('Z', v)),
            Arbitraries.bytes().map(v -> new Field('B', v)),
            Arbitraries.shorts().map(v -> new Field('S', v)),
            Arbitraries.chars().map(v -> new Field('C', v)),
            Arbitraries.integers().map(v -> new Field('I', v)),
            Arbitraries.longs().map(v -> new Field('J', v)),
            Arbitraries.floats().map(v -> new Field('F', v)),
            Arbitraries.oneOf(
                    Arbitraries.doubles(),
                    Arbitraries.of(
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        -0.0,
                        Double.MIN_VALUE,
                        Double.MAX_VALUE))
                .map(v -> new Field('D', v)),
            text.map(v -> new Field('U', v)),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(v -> new Field('b', v)),
            text.map(v -> new Field('c', v)));
    return field.list().ofMaxSize(30);
  }

  @Property(tries = 500)
  void writesTheBytesDataOutputStreamWrites(@ForAll("fields") List<Field> fields)
      throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream reference = new DataOutputStream(expected);
    ByteArrayDataOutput ours = new ByteArrayDataOutput(1); // grows from the smallest buffer
    for (Field f : fields) {
      f.write(reference);
      f.write(ours);
    }
    reference.flush();
    assertThat(ours.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(ours.size()).isEqualTo(expected.size());
  }

  @Property(tries = 500)
  void readsWhatDataOutputStreamWrote(@ForAll("fields") List<Field> fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (Field f : fields) {
      f.write(out);
    }
    out.flush();
    DataInputStream reference = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    ByteArrayDataInput ours = new ByteArrayDataInput(bytes.toByteArray());
    for (Field f : fields) {
      Object theirs = f.read(reference);
      Object mine = f.read(ours);
      if (theirs instanceof List<?> a && mine instanceof List<?> b) {
        assertThat((byte[]) b.get(0)).isEqualTo((byte[]) a.get(0));
      } else {
        assertThat(mine).isEqualTo(theirs);
      }
    }
    assertThat(ours.remaining()).isZero();
  }

  @Test
  void aStringTooLongForItsLengthFieldIsRefusedAsDataOutputStreamRefusesIt() {
    String tooLong = "€".repeat(21_846); // 65,538 bytes encoded
    assertThatThrownBy(() -> new DataOutputStream(new ByteArrayOutputStream()).writeUTF(tooLong))
        .isInstanceOf(UTFDataFormatException.class);
    assertThatThrownBy(() -> new ByteArrayDataOutput(16).writeUTF(tooLong))
        .isInstanceOf(UTFDataFormatException.class)
        .hasMessageContaining("65538 bytes");
  }

  @Test
  void readingPastTheEndIsAnEofThatNamesTheOffset() {
    ByteArrayDataInput in = new ByteArrayDataInput(new byte[] {1, 2, 3});
    assertThatThrownBy(in::readInt)
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("needed 4 more bytes at offset 0 of 3");
    ByteArrayDataInput string = new ByteArrayDataInput(new byte[] {0, 9, 'a', 'b'});
    assertThatThrownBy(string::readUTF)
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("a string of 9 bytes");
  }

  /** A value with a decimal, a nullable string and a list: the shape of the real state types. */
  record Sample(String name, BigDecimal amount, String note, List<Long> times) {}

  private static final StateSerde<Sample> SAMPLE =
      new StateSerde<>(
          "sample state",
          2,
          (s, out) -> {
            out.writeUTF(s.name());
            StateSerde.writeDecimal(out, s.amount());
            StateSerde.writeNullableString(out, s.note());
            out.writeInt(s.times().size());
            for (long t : s.times()) {
              out.writeLong(t);
            }
          },
          (format, in) -> {
            String name = in.readUTF();
            BigDecimal amount = StateSerde.readDecimal(in);
            String note = StateSerde.readNullableString(in);
            int n = format >= 2 ? in.readInt() : 0;
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              times.add(in.readLong());
            }
            return new Sample(name, amount, note, times);
          });

  @Provide
  Arbitrary<Sample> samples() {
    return Combinators.combine(
            Arbitraries.strings().all().ofMaxLength(30),
            Arbitraries.bigDecimals().ofScale(24).between(BigDecimal.ZERO, new BigDecimal("1e6")),
            Arbitraries.strings().ofMaxLength(10).injectNull(0.3),
            Arbitraries.longs().list().ofMaxSize(300))
        .as(Sample::new);
  }

  @Property(tries = 300)
  void aValueReadsBackEqualInSizesSmallAndLarge(@ForAll("samples") Sample sample) {
    byte[] bytes = SAMPLE.toBytes(sample);
    assertThat(bytes[0]).isEqualTo((byte) 2);
    assertThat(SAMPLE.fromBytes(bytes)).isEqualTo(sample);
    // amounts keep their scale: 1.50 is not 1.5 in money
    assertThat(SAMPLE.fromBytes(bytes).amount().scale()).isEqualTo(24);
  }

  @Test
  void anUnknownFormatOrTruncatedValueNamesTheStateType() {
    byte[] bytes =
        SAMPLE.toBytes(new Sample("f", new BigDecimal("0.000000208"), null, List.of(1L, 2L)));
    byte[] future = bytes.clone();
    future[0] = 3;
    assertThatThrownBy(() -> SAMPLE.fromBytes(future))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Cannot read sample state: format 3 is unknown (this version reads 1-2)");
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> SAMPLE.fromBytes(truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read sample state: needed 8 more bytes");
    assertThat(SAMPLE.toBytes(null)).isNull();
    assertThat(SAMPLE.fromBytes(null)).isNull();
  }
}
