using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace IisLogonTools.Tests.Logs;

/// <summary>Writes W3C extended logs line by line, in any field order, for the reader tests.</summary>
internal sealed class SampleLog
{
    public static readonly string[] IisDefaultFields =
        ["date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)", "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken"];

    public static readonly string[] Reordered =
        ["time", "date", "c-ip", "cs-username", "sc-win32-status", "sc-status", "sc-substatus", "s-ip", "cs-uri-stem", "time-taken"];

    private readonly StringBuilder _text = new();
    private string[] _fields = IisDefaultFields;

    public SampleLog Header(params string[] fields)
    {
        _fields = fields;
        _text.Append("#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-03-01 00:00:00\r\n");
        _text.Append("#Fields: ").Append(string.Join(" ", fields)).Append("\r\n");
        return this;
    }

    public SampleLog Line(string time, string user, int status, int subStatus, long win32, string clientIp = "10.0.0.5", string uri = "/app/default.aspx", string serverIp = "10.0.0.1")
    {
        var values = new Dictionary<string, string>
        {
            ["date"] = time.Substring(0, 10),
            ["time"] = time.Substring(11),
            ["s-ip"] = serverIp,
            ["cs-method"] = "GET",
            ["cs-uri-stem"] = uri,
            ["cs-uri-query"] = "-",
            ["s-port"] = "443",
            ["cs-username"] = user,
            ["c-ip"] = clientIp,
            ["cs(User-Agent)"] = "Mozilla/5.0+(Windows+NT+10.0)",
            ["cs(Referer)"] = "-",
            ["sc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sc-substatus"] = subStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sc-win32-status"] = win32.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["time-taken"] = "15",
        };
        _text.Append(string.Join(" ", _fields.Select(f => values[f]))).Append("\r\n");
        return this;
    }

    public SampleLog Many(int count, string time, string user, int status, int subStatus, long win32, string clientIp = "10.0.0.5", string uri = "/app/default.aspx", string serverIp = "10.0.0.1")
    {
        for (var i = 0; i < count; i++)
        {
            Line(time, user, status, subStatus, win32, clientIp, uri, serverIp);
        }

        return this;
    }

    public SampleLog Raw(string text)
    {
        _text.Append(text);
        return this;
    }

    public override string ToString() => _text.ToString();

    public string WriteTo(string path, bool gzip = false)
    {
        var bytes = Encoding.UTF8.GetBytes(_text.ToString());
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes, 0, bytes.Length);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "iislt-logs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
