using System;
using System.Collections.Generic;
using System.Text;

namespace IisLogonTools.Logs;

/// <summary>
/// Where the fields this module reads sit in the data lines that follow one <c>#Fields:</c> directive.
/// A W3C log may hold several such directives (IIS writes a new header block after a restart or a
/// change of <c>logExtFileFlags</c>), and each one replaces the previous map.
/// </summary>
public sealed class W3CFieldMap
{
    private W3CFieldMap(IReadOnlyList<string> names)
    {
        Names = names;
        FieldCount = names.Count;
        Date = IndexOf(names, "date");
        Time = IndexOf(names, "time");
        ServerIp = IndexOf(names, "s-ip");
        UriStem = IndexOf(names, "cs-uri-stem");
        UserName = IndexOf(names, "cs-username");
        ClientIp = IndexOf(names, "c-ip");
        Status = IndexOf(names, "sc-status");
        SubStatus = IndexOf(names, "sc-substatus");
        Win32Status = IndexOf(names, "sc-win32-status");
        LastNeeded = Math.Max(Math.Max(Math.Max(Date, Time), Math.Max(ServerIp, UriStem)),
            Math.Max(Math.Max(UserName, ClientIp), Math.Max(Status, Math.Max(SubStatus, Win32Status))));
    }

    /// <summary>The field names in order, as written.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>How many fields a data line under this header has.</summary>
    public int FieldCount { get; }

    /// <summary>The index of <c>date</c> (UTC), or -1.</summary>
    public int Date { get; }

    /// <summary>The index of <c>time</c> (UTC), or -1.</summary>
    public int Time { get; }

    /// <summary>The index of <c>s-ip</c>, or -1.</summary>
    public int ServerIp { get; }

    /// <summary>The index of <c>cs-uri-stem</c>, or -1.</summary>
    public int UriStem { get; }

    /// <summary>The index of <c>cs-username</c>, or -1.</summary>
    public int UserName { get; }

    /// <summary>The index of <c>c-ip</c>, or -1.</summary>
    public int ClientIp { get; }

    /// <summary>The index of <c>sc-status</c>, or -1.</summary>
    public int Status { get; }

    /// <summary>The index of <c>sc-substatus</c>, or -1.</summary>
    public int SubStatus { get; }

    /// <summary>The index of <c>sc-win32-status</c>, or -1.</summary>
    public int Win32Status { get; }

    /// <summary>The highest index among the fields above.</summary>
    public int LastNeeded { get; }

    /// <summary>Whether lines under this header can show a logon failure at all (they need sc-status).</summary>
    public bool HasStatus => Status >= 0;

    /// <summary>Whether the lines carry a time stamp.</summary>
    public bool HasTime => Date >= 0 && Time >= 0;

    /// <summary>Parses the text after <c>#Fields:</c>, for example <c>date time s-ip cs-method cs-uri-stem ...</c>.</summary>
    public static W3CFieldMap Parse(string fields)
    {
        if (fields is null)
        {
            throw new ArgumentNullException(nameof(fields));
        }

        return new W3CFieldMap(fields.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Parses a <c>#Fields:</c> directive line held in a byte buffer, from the first byte after the colon.</summary>
    internal static W3CFieldMap Parse(byte[] buffer, int start, int length) =>
        Parse(Encoding.ASCII.GetString(buffer, start, length));

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
