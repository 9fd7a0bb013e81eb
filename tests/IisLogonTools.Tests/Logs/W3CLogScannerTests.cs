using System;
using System.IO;
using System.Linq;
using System.Text;
using IisLogonTools.Diagnostics;
using IisLogonTools.Logs;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Logs;

public class W3CLogScannerTests
{
    private const long NoCredentials = 2148074254;
    private const long LogonDenied = 2148074252;

    private static (LogonFailureAggregator Aggregator, W3CScanResult Result) Scan(string text, DateTime? since = null, DateTime? until = null, int[]? subStatuses = null)
    {
        var aggregator = new LogonFailureAggregator();
        var scanner = new W3CLogScanner(401, subStatuses ?? [1], since, until);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var result = scanner.Scan(stream, 1, aggregator);
        return (aggregator, result);
    }

    private static long CountOf(LogonFailureAggregator a, string? account, long code) =>
        a.Groups.Where(g => string.Equals(g.Account, account, StringComparison.OrdinalIgnoreCase) && unchecked((uint)g.Code) == code).Sum(g => g.Count);

    private static SampleLog Mixed(string[] fields) =>
        new SampleLog().Header(fields)
            .Many(3, "2026-03-01 08:00:00", "CONTOSO\\alice", 401, 1, 1385)
            .Many(2, "2026-03-01 08:05:00", "CONTOSO\\bob", 401, 1, 1326)
            .Many(4, "2026-03-01 08:06:00", "-", 401, 2, 5)
            .Many(5, "2026-03-01 08:07:00", "-", 401, 1, NoCredentials)
            .Many(6, "2026-03-01 08:08:00", "CONTOSO\\alice", 200, 0, 0)
            .Line("2026-03-01 09:00:00", "contoso\\ALICE", 401, 1, 1385, clientIp: "10.0.0.9")
            .Line("2026-03-01 09:01:00", "CONTOSO\\carol", 401, 3, 5);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void CountsPerAccountAndCodeInAnyFieldOrder(int order)
    {
        var (a, r) = Scan(Mixed(order == 0 ? SampleLog.IisDefaultFields : SampleLog.Reordered).ToString());
        Assert.Equal(4, CountOf(a, "CONTOSO\\alice", 1385));
        Assert.Equal(2, CountOf(a, "CONTOSO\\bob", 1326));
        Assert.Equal(5, CountOf(a, null, NoCredentials));
        Assert.Equal(0, CountOf(a, "CONTOSO\\carol", 5));
        Assert.Equal(3, a.Groups.Count());
        Assert.Equal(11, r.SelectedLines);
        Assert.Equal(0, r.GarbledLines);
        Assert.Equal(22, r.DataLines);
        var alice = a.Groups.Single(g => g.Account is not null && g.Code == 1385);
        Assert.Equal("CONTOSO\\alice", alice.Account);
        Assert.Equal(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).Ticks, alice.FirstTicks);
        Assert.Equal(new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc).Ticks, alice.LastTicks);
        Assert.Equal(["10.0.0.5", "10.0.0.9"], alice.TopClients(5));
    }

    [Fact]
    public void EachFieldsDirectiveReplacesTheFieldOrder()
    {
        var log = new SampleLog().Header(SampleLog.IisDefaultFields)
            .Many(2, "2026-03-01 08:00:00", "CONTOSO\\alice", 401, 1, 1385)
            .Header(SampleLog.Reordered)
            .Many(3, "2026-03-01 10:00:00", "CONTOSO\\alice", 401, 1, 1385)
            .Many(1, "2026-03-01 10:00:00", "WEB01\\svc", 401, 1, 1331)
            .Header("date", "time", "cs-username", "sc-status")
            .Many(7, "2026-03-01 11:00:00", "WEB01\\svc", 401, 1, 0);
        var (a, r) = Scan(log.ToString(), subStatuses: [1]);
        Assert.Equal(3, r.Headers);
        Assert.Equal(5, CountOf(a, "CONTOSO\\alice", 1385));
        Assert.Equal(1, CountOf(a, "WEB01\\svc", 1331));

        // Without sc-substatus the substatus filter cannot match; with no filter the lines count under code 0.
        Assert.Equal(0, CountOf(a, "WEB01\\svc", 0));
        var (all, _) = Scan(log.ToString(), subStatuses: []);
        Assert.Equal(7, CountOf(all, "WEB01\\svc", 0));
        Assert.Equal(0, r.GarbledLines);
    }

    [Fact]
    public void GarbledAndTruncatedLinesAreCountedAndSkipped()
    {
        var good = new SampleLog().Header(SampleLog.IisDefaultFields).Many(2, "2026-03-01 08:00:00", "CONTOSO\\alice", 401, 1, 1385).ToString();
        var lastLine = good.TrimEnd().Split('\n').Last();
        var text = good
            + lastLine.Substring(0, 40) + "\r\n"                                      // truncated
            + "\0\0\u0001\u0002binary\u00ff junk\r\n"                                  // binary garbage
            + lastLine.Replace(" 401 1 ", " 4x1 1 ", StringComparison.Ordinal) + "\r\n" // non-numeric status
            + lastLine.Replace("2026-03-01", "2026-13-01", StringComparison.Ordinal) + "\r\n" // invalid date
            + lastLine + " extra\r\n"                                                  // one field too many
            + "\r\n"
            + lastLine;                                                                // complete, but no final newline
        var (a, r) = Scan(text);
        Assert.Equal(5, r.GarbledLines);
        Assert.Equal(1, r.BinaryLines);
        Assert.Equal(3, CountOf(a, "CONTOSO\\alice", 1385));
        Assert.Equal(W3CFileProblem.None, r.Problem);
    }

    [Fact]
    public void TimeWindowIsInclusiveAndUtc()
    {
        var log = new SampleLog().Header(SampleLog.IisDefaultFields)
            .Line("2026-03-01 07:59:59", "CONTOSO\\alice", 401, 1, 1385)
            .Line("2026-03-01 08:00:00", "CONTOSO\\alice", 401, 1, 1385)
            .Line("2026-03-01 08:30:00", "CONTOSO\\alice", 401, 1, 1385)
            .Line("2026-03-01 09:00:00", "CONTOSO\\alice", 401, 1, 1385)
            .Line("2026-03-01 09:00:01", "CONTOSO\\alice", 401, 1, 1385).ToString();
        var (a, r) = Scan(log, new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc));
        Assert.Equal(3, CountOf(a, "CONTOSO\\alice", 1385));
        Assert.Equal(2, r.OutsideTimeWindow);
    }

    [Fact]
    public void LinesWithoutTimeAreLeftOutOfATimeWindowAndCounted()
    {
        var log = new SampleLog().Header("cs-username", "sc-status", "sc-substatus", "sc-win32-status")
            .Many(3, "2026-03-01 08:00:00", "CONTOSO\\alice", 401, 1, 1385).ToString();
        var (a, r) = Scan(log, since: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(0, CountOf(a, "CONTOSO\\alice", 1385));
        Assert.Equal(3, r.UndatedLines);
        var (all, _) = Scan(log);
        Assert.Equal(3, CountOf(all, "CONTOSO\\alice", 1385));
        Assert.Equal(-1, all.Groups.Single().FirstTicks);
    }

    [Fact]
    public void AHeaderlessFileIsReportedAsSuch()
    {
        var lines = string.Join("\r\n", new SampleLog().Header(SampleLog.IisDefaultFields).Many(4, "2026-03-01 08:00:00", "CONTOSO\\alice", 401, 1, 1385)
            .ToString().Split("\r\n").Where(l => !l.StartsWith('#')));
        var (a, r) = Scan(lines);
        Assert.Equal(W3CFileProblem.HeaderMissing, r.Problem);
        Assert.Equal(4, r.LinesWithoutHeader);
        Assert.Empty(a.Groups);
    }

    [Fact]
    public void BinaryGarbageIsNotAW3CLog()
    {
        var random = new Random(42);
        var bytes = new byte[200_000];
        random.NextBytes(bytes);
        var aggregator = new LogonFailureAggregator();
        var result = new W3CLogScanner(401, [1], null, null).Scan(new MemoryStream(bytes), 1, aggregator);
        Assert.Equal(W3CFileProblem.NotW3CLog, result.Problem);
        Assert.Empty(aggregator.Groups);
    }

    [Fact]
    public void AFileWithoutStatusFieldIsReported()
    {
        var (_, r) = Scan(new SampleLog().Header("date", "time", "cs-uri-stem").Raw("2026-03-01 08:00:00 /a\r\n").ToString());
        Assert.Equal(W3CFileProblem.NoStatusField, r.Problem);
    }

    [Fact]
    public void LinesAcrossBufferBoundariesAreReadWhole()
    {
        var log = new SampleLog().Header(SampleLog.IisDefaultFields);
        for (var i = 0; i < 30_000; i++)
        {
            log.Line("2026-03-01 08:00:00", i % 20 == 0 ? "CONTOSO\\alice" : "CONTOSO\\bob", i % 20 == 0 ? 401 : 200, i % 20 == 0 ? 1 : 0, i % 20 == 0 ? 1385 : 0, uri: "/p/" + i);
        }

        var text = log.ToString();
        Assert.True(text.Length > 3 * W3CLogScanner.BufferSize);
        var (a, r) = Scan(text);
        Assert.Equal(1500, CountOf(a, "CONTOSO\\alice", 1385));
        Assert.Equal(0, r.GarbledLines);
        Assert.Equal(30_000, r.DataLines);
    }

    [Fact]
    public void GzipFilesAreDetectedByContent()
    {
        using var folder = new TempFolder();
        var log = Mixed(SampleLog.IisDefaultFields);
        var zipped = log.WriteTo(folder.File("u_ex260301.log"), gzip: true);
        var aggregator = new LogonFailureAggregator();
        using (var stream = W3CLogFile.OpenRead(zipped))
        {
            new W3CLogScanner(401, [1], null, null).Scan(stream, 1, aggregator);
        }

        Assert.Equal(4, CountOf(aggregator, "CONTOSO\\alice", 1385));
        Assert.Equal(2, CountOf(aggregator, "CONTOSO\\bob", 1326));
    }

    [Fact]
    public void ReportDiagnosesEachGroupAndSetsAnonymousApart()
    {
        var log = Mixed(SampleLog.IisDefaultFields)
            .Many(4, "2026-03-01 10:00:00", "CONTOSO\\dave", 401, 1, LogonDenied, clientIp: "10.0.0.1", serverIp: "10.0.0.1")
            .Many(2, "2026-03-01 10:00:00", "CONTOSO\\erin", 401, 1, LogonDenied, clientIp: "10.0.0.77");
        var (a, _) = Scan(log.ToString());
        var results = LogonFailureReport.Build(a.Groups, null, LogonType.Interactive, "401.1", 5, includeAnonymous: false, site: null).ToList();
        Assert.Equal(["CONTOSO\\alice", "CONTOSO\\dave", "CONTOSO\\bob", "CONTOSO\\erin"], results.Select(r => r.Identity));
        var alice = results[0];
        Assert.Equal(LogonFailureReason.LogonTypeNotGranted.ToString(), alice.Reason);
        Assert.Equal("ERROR_LOGON_TYPE_NOT_GRANTED", alice.ErrorName);
        Assert.Contains("Grant-LogonLocallyRight -Identity 'CONTOSO\\alice'", alice.Remediation, StringComparison.Ordinal);
        Assert.Equal("Basic", alice.Authentication);
        Assert.Equal("401.1", alice.HttpStatus);
        var dave = results[1];
        Assert.Equal(LogonFailureReason.LoopbackCheck.ToString(), dave.Reason);
        Assert.Equal(LogonDenied, dave.Win32Status);
        Assert.Equal("SEC_E_LOGON_DENIED", dave.ErrorName);
        Assert.Equal("Integrated", dave.Authentication);
        Assert.Contains("BackConnectionHostNames", dave.Remediation, StringComparison.Ordinal);
        Assert.Contains("KB 896861", dave.Explanation, StringComparison.Ordinal);
        Assert.Equal(4, dave.FromServerItself);
        Assert.Equal(LogonFailureReason.BadCredentials.ToString(), results[2].Reason);
        Assert.Equal(LogonFailureReason.IntegratedLogonDenied.ToString(), results[3].Reason);

        var withAnonymous = LogonFailureReport.Build(a.Groups, null, LogonType.Interactive, "401.1", 5, includeAnonymous: true, site: null).ToList();
        var challenge = Assert.Single(withAnonymous, r => r.IsAnonymous);
        Assert.Equal("-", challenge.Identity);
        Assert.Equal(5, challenge.Count);
        Assert.Equal(LogonFailureReason.AuthenticationChallenge.ToString(), challenge.Reason);
        Assert.False(challenge.IsFailure);
        Assert.Equal("SEC_E_NO_CREDENTIALS", challenge.ErrorName);
        Assert.Same(challenge, withAnonymous.Last());
    }

    [Fact]
    public void DistinctValuesPerGroupAreBounded()
    {
        var aggregator = new LogonFailureAggregator();
        for (var i = 0; i < LogonFailureAggregator.MaxTrackedValues * 3; i++)
        {
            aggregator.Add("CONTOSO\\alice", 1326, 1, "10.0." + (i / 256) + "." + (i % 256), "/u/" + i, false, 1);
        }

        aggregator.Add("CONTOSO\\alice", 1326, 1, "10.0.0.0", "/u/0", false, 2);
        var group = Assert.Single(aggregator.Groups);
        Assert.Equal((LogonFailureAggregator.MaxTrackedValues * 3) + 1, group.Count);
        Assert.Equal("10.0.0.0", group.TopClients(1)[0]);
        Assert.Equal(2, group.Files);
    }
}
