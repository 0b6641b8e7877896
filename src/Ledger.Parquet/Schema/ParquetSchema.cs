namespace Ledger.Parquet.Schema;

/// <summary>An ordered list of top-level columns; column indexes in the writer API are positions in this list.</summary>
public sealed class ParquetSchema
{
    private readonly ParquetField[] _fields;

    /// <summary>Creates a schema; names must be non-empty and unique.</summary>
    public ParquetSchema(IEnumerable<ParquetField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = fields.ToArray();
        if (_fields.Length == 0)
        {
            throw new ArgumentException("A Parquet schema needs at least one column.", nameof(fields));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in _fields)
        {
            ArgumentNullException.ThrowIfNull(field, nameof(fields));
            if (string.IsNullOrEmpty(field.Name))
            {
                throw new ArgumentException("Column names must not be empty.", nameof(fields));
            }
            if (!names.Add(field.Name))
            {
                throw new ArgumentException($"Duplicate column name '{field.Name}'.", nameof(fields));
            }
            if (!Enum.IsDefined(field.Type))
            {
                throw new ArgumentException($"Column '{field.Name}' has an unknown type {field.Type}.", nameof(fields));
            }
        }
    }

    /// <summary>Creates a schema from the given columns.</summary>
    public ParquetSchema(params ParquetField[] fields)
        : this((IEnumerable<ParquetField>)fields)
    {
    }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<ParquetField> Fields => _fields;

    /// <summary>Position of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => Array.FindIndex(_fields, f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
