package io.emostream.model.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Rows of a CSV file (RFC 4180 through Apache Commons CSV: quoted fields, embedded commas, a UTF-8
 * BOM) or of a plain whitespace-separated list, with their line numbers, for error messages that
 * point at them.
 */
record CsvLines(Path file, List<String> header, List<Row> rows) {

  record Row(int line, List<String> cells) {}

  /**
   * A CSV file.
   *
   * @param hasHeader the first record names the columns
   */
  static CsvLines csv(Path file, boolean hasHeader) throws DatasetException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // spreadsheet programs write a BOM
    }
    CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get();
    List<String> header = null;
    List<Row> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(text, format)) {
      long before = 0; // lines consumed before the record: it starts on the next one
      for (CSVRecord record : parser) {
        List<String> cells = record.toList();
        if (hasHeader && header == null) {
          header = cells;
        } else {
          rows.add(new Row((int) before + 1, cells));
        }
        before = parser.getCurrentLineNumber();
      }
    } catch (IOException | UncheckedIOException e) {
      throw new DatasetException(file + ": not valid CSV (" + e.getMessage() + ")", e);
    }
    if (hasHeader && header == null) {
      throw new DatasetException(file + ": empty file, expected a header line");
    }
    return new CsvLines(file, header, rows);
  }

  /**
   * A plain list whose fields are separated by {@code separatorRegex} (no quoting).
   *
   * @param hasHeader the first non-blank line names the columns
   */
  static CsvLines read(Path file, boolean hasHeader, String separatorRegex)
      throws DatasetException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    List<String> header = null;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty()) {
        continue;
      }
      List<String> cells =
          List.of(line.split(separatorRegex, -1)).stream().map(String::strip).toList();
      if (hasHeader && header == null) {
        header = cells;
      } else {
        rows.add(new Row(i + 1, cells));
      }
    }
    if (hasHeader && header == null) {
      throw new DatasetException(file + ": empty file, expected a header line");
    }
    return new CsvLines(file, header, rows);
  }

  String cell(Row row, int column, String what) throws DatasetException {
    if (column >= row.cells().size() || row.cells().get(column).isEmpty()) {
      throw DatasetException.at(
          file, row.line(), "missing " + what + " (column " + (column + 1) + ")");
    }
    return row.cells().get(column);
  }

  int integer(Row row, int column, String what) throws DatasetException {
    String v = cell(row, column, what);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw DatasetException.at(file, row.line(), what + " must be an integer, got '" + v + "'");
    }
  }

  double number(Row row, int column, String what) throws DatasetException {
    String v = cell(row, column, what);
    try {
      double d = Double.parseDouble(v);
      if (d < 0 || !Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw DatasetException.at(
          file, row.line(), what + " must be a non-negative number, got '" + v + "'");
    }
  }
}
