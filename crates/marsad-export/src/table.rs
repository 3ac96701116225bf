//! The in-memory table every export goes through: typed columns, rows of
//! cells. Each output format is one writer over this model, so the three
//! formats always carry the same columns in the same order.

use chrono::NaiveDate;

/// The type of a column, as the typed formats (Parquet, JSON) see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// 64-bit signed integer.
    Int,
    /// 64-bit float.
    Float,
    Bool,
    /// A calendar day (Parquet `DATE`, `YYYY-MM-DD` in CSV and JSON).
    Date,
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnType,
    /// Whether the column may hold nulls.
    pub nullable: bool,
}

/// One value of a row; `Null` where the column is nullable and nothing is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
}

impl From<Option<String>> for Cell {
    fn from(v: Option<String>) -> Cell {
        v.map_or(Cell::Null, Cell::Text)
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Text(v)
    }
}

impl From<&str> for Cell {
    fn from(v: &str) -> Cell {
        Cell::Text(v.to_string())
    }
}

impl From<Option<&str>> for Cell {
    fn from(v: Option<&str>) -> Cell {
        v.map_or(Cell::Null, |s| Cell::Text(s.to_string()))
    }
}

impl From<i64> for Cell {
    fn from(v: i64) -> Cell {
        Cell::Int(v)
    }
}

impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Cell {
        v.map_or(Cell::Null, Cell::Int)
    }
}

impl From<f64> for Cell {
    fn from(v: f64) -> Cell {
        if v.is_finite() {
            Cell::Float(v)
        } else {
            Cell::Null
        }
    }
}

impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Cell {
        v.map_or(Cell::Null, Cell::from)
    }
}

impl From<bool> for Cell {
    fn from(v: bool) -> Cell {
        Cell::Bool(v)
    }
}

impl From<Option<NaiveDate>> for Cell {
    fn from(v: Option<NaiveDate>) -> Cell {
        v.map_or(Cell::Null, Cell::Date)
    }
}

/// A table: its columns and its rows, each row one cell per column.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The table's name (`plover`, `documents` …), used as the Parquet schema name.
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(name: &'static str, columns: Vec<Column>) -> Table {
        Table { name, columns, rows: Vec::new() }
    }

    /// Adds a row. A row of the wrong width, or a null in a required column,
    /// is a bug in the table's builder: caught in debug builds and by tests,
    /// and padded or cut in release so an export never panics.
    pub fn push(&mut self, mut row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width of table {}", self.name);
        row.resize(self.columns.len(), Cell::Null);
        for (cell, column) in row.iter_mut().zip(&self.columns) {
            if !column.nullable && *cell == Cell::Null {
                debug_assert!(false, "null in required column {}.{}", self.name, column.name);
                *cell = match column.kind {
                    ColumnType::Text => Cell::Text(String::new()),
                    ColumnType::Int => Cell::Int(0),
                    ColumnType::Float => Cell::Float(0.0),
                    ColumnType::Bool => Cell::Bool(false),
                    // No sensible default day: the column should have been nullable.
                    ColumnType::Date => Cell::Null,
                };
            }
        }
        self.rows.push(row);
    }

    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// Shorthand for the column lists of the table builders.
pub(crate) fn col(name: &'static str, kind: ColumnType, nullable: bool) -> Column {
    Column { name, kind, nullable }
}
