namespace IisLogonTools.Logs;

/// <summary>The line counts of one scanned log file.</summary>
public sealed class W3CScanResult
{
    /// <summary>Bytes of log text read (after decompression).</summary>
    public long Bytes { get; internal set; }

    /// <summary>Every line, directives and blank lines included.</summary>
    public long Lines { get; internal set; }

    /// <summary>Lines that start with <c>#</c>.</summary>
    public long Directives { get; internal set; }

    /// <summary>Empty lines.</summary>
    public long BlankLines { get; internal set; }

    /// <summary><c>#Fields:</c> directives.</summary>
    public int Headers { get; internal set; }

    /// <summary><c>#Fields:</c> directives without <c>sc-status</c>, whose lines cannot show a failure.</summary>
    public int HeadersWithoutStatus { get; internal set; }

    /// <summary>Data lines under a <c>#Fields:</c> directive.</summary>
    public long DataLines { get; internal set; }

    /// <summary>Data lines before any <c>#Fields:</c> directive; their field order is unknown, so they are skipped.</summary>
    public long LinesWithoutHeader { get; internal set; }

    /// <summary>Truncated or garbled lines (wrong field count, control bytes, invalid number or time), skipped.</summary>
    public long GarbledLines { get; internal set; }

    /// <summary>Lines with control bytes (binary content), a subset of the garbled and header-less lines.</summary>
    public long BinaryLines { get; internal set; }

    /// <summary>Lines with the selected status that fall outside -Since/-Until.</summary>
    public long OutsideTimeWindow { get; internal set; }

    /// <summary>Lines with the selected status but no date and time, skipped because a time window was asked for.</summary>
    public long UndatedLines { get; internal set; }

    /// <summary>Lines handed to the aggregator.</summary>
    public long SelectedLines { get; internal set; }

    /// <summary>What is wrong with the file as a whole, if anything.</summary>
    public W3CFileProblem Problem
    {
        get
        {
            if (Headers > 0)
            {
                return HeadersWithoutStatus == Headers && DataLines > 0 ? W3CFileProblem.NoStatusField : W3CFileProblem.None;
            }

            if (BinaryLines > 0)
            {
                return W3CFileProblem.NotW3CLog;
            }

            return LinesWithoutHeader > 0 ? W3CFileProblem.HeaderMissing : W3CFileProblem.None;
        }
    }
}

/// <summary>What makes a file unusable as a W3C log.</summary>
public enum W3CFileProblem
{
    /// <summary>The file is a W3C log (or empty).</summary>
    None = 0,

    /// <summary>Text lines but no <c>#Fields:</c> directive, so the field order is unknown.</summary>
    HeaderMissing,

    /// <summary>Binary content and no <c>#Fields:</c> directive: not a W3C log.</summary>
    NotW3CLog,

    /// <summary>No <c>#Fields:</c> directive lists <c>sc-status</c> (logExtFileFlags lacks HttpStatus).</summary>
    NoStatusField,
}
