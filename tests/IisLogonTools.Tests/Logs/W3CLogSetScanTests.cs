using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using IisLogonTools.Logs;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Logs;

public class W3CLogSetScanTests
{
    private const long NoCredentials = 2148074254;

    // A log set with every shape the scanner must get right: several #Fields headers per file, gzip files,
    // garbled lines, a header-less file, a missing file, one big file first (so later files finish earlier
    // when scanned in parallel), one account spelled differently per file, and a group with more client
    // addresses than a group keeps.
    private static List<string> WriteLogSet(TempFolder folder)
    {
        var paths = new List<string>();
        var big = new SampleLog().Header(SampleLog.IisDefaultFields);
        for (var i = 0; i < 40_000; i++)
        {
            if (i % 10 == 0)
            {
                big.Line("2026-03-01 08:00:00", "contoso\\ALICE", 401, 1, 1385, clientIp: "10.0.0." + (i % 7));
            }
            else
            {
                big.Line("2026-03-01 08:00:00", "CONTOSO\\bob", 200, 0, 0, uri: "/p/" + i);
            }
        }

        paths.Add(big.WriteTo(folder.File("u_ex260301.log")));

        var twoHeaders = new SampleLog().Header(SampleLog.IisDefaultFields)
            .Many(3, "2026-03-02 08:00:00", "CONTOSO\\alice", 401, 1, 1385, clientIp: "10.0.0.9")
            .Header(SampleLog.Reordered)
            .Many(2, "2026-03-02 09:00:00", "CONTOSO\\Alice", 401, 1, 1326)
            .Many(4, "2026-03-02 09:30:00", "-", 401, 1, NoCredentials)
            .Header("date", "time", "cs-username", "sc-status", "sc-substatus", "sc-win32-status")
            .Many(5, "2026-03-02 10:00:00", "WEB01\\svc", 401, 1, 1331);
        paths.Add(twoHeaders.WriteTo(folder.File("u_ex260302.log")));

        var zipped = new SampleLog().Header(SampleLog.Reordered)
            .Many(6, "2026-03-03 07:00:00", "CONTOSO\\carol", 401, 1, 1909, clientIp: "192.0.2.1")
            .Many(2, "2026-03-03 07:00:00", "CONTOSO\\ALICE", 401, 1, 1385, clientIp: "10.0.0.1");
        paths.Add(zipped.WriteTo(folder.File("u_ex260303.log.gz"), gzip: true));

        var good = new SampleLog().Header(SampleLog.IisDefaultFields).Line("2026-03-04 08:00:00", "CONTOSO\\dave", 401, 1, 1326).ToString();
        var last = good.TrimEnd().Split('\n').Last();
        var garbled = good
            + last.Substring(0, 40) + "\r\n"
            + "\0\u0001binary\u00ff junk\r\n"
            + last.Replace(" 401 1 ", " 4x1 1 ", StringComparison.Ordinal) + "\r\n"
            + last.Replace("2026-03-04", "2026-02-30", StringComparison.Ordinal) + "\r\n"
            + last + " extra\r\n"
            + last;
        paths.Add(new SampleLog().Raw(garbled).WriteTo(folder.File("u_ex260304.log")));

        var many = new SampleLog().Header(SampleLog.IisDefaultFields);
        for (var i = 0; i < LogonFailureAggregator.MaxTrackedValues + 50; i++)
        {
            many.Line("2026-03-05 08:00:00", "CONTOSO\\erin", 401, 1, 1326, clientIp: "198.51.100." + (i % 250) + "." + (i / 250), uri: "/u/" + (i % 3));
        }

        paths.Add(many.WriteTo(folder.File("u_ex260305.log.gz"), gzip: true));
        paths.Add(new SampleLog().Raw("2026-03-06 08:00:00 10.0.0.1 GET / - 443 CONTOSO\\x 10.0.0.5 - - 401 1 1326 15\r\n").WriteTo(folder.File("u_ex260306.log")));
        paths.Add(folder.File("u_ex260307.log"));    // missing
        for (var f = 8; f < 12; f++)
        {
            var small = new SampleLog().Header(f % 2 == 0 ? SampleLog.Reordered : SampleLog.IisDefaultFields)
                .Many(f, "2026-03-" + f.ToString("00", CultureInfo.InvariantCulture) + " 12:00:00", "CONTOSO\\alice", 401, 1, 1385, clientIp: "10.0.1." + f)
                .Many(1, "2026-03-" + f.ToString("00", CultureInfo.InvariantCulture) + " 12:00:00", "CONTOSO\\frank" + f, 401, 1, 1326);
            paths.Add(small.WriteTo(folder.File("u_ex2603" + f.ToString("00", CultureInfo.InvariantCulture) + ".log"), gzip: f == 9));
        }

        return paths;
    }

    // Everything a scan hands back, in order: per-file counts and errors, then every result and the spray summary.
    private static string Dump(IReadOnlyList<string> paths, int degree, int sprayThreshold)
    {
        var text = new StringBuilder();
        var all = new LogonFailureAggregator();
        using (var scan = new W3CLogSetScan(paths, () => new W3CLogScanner(401, [1], null, null), degree, CancellationToken.None))
        {
            for (var i = 0; i < paths.Count; i++)
            {
                W3CFileScan? done;
                while (!scan.TryTakeNext(TimeSpan.FromMilliseconds(50), out done))
                {
                }

                Assert.Equal(i, done!.Index);
                text.Append(done.Index).Append(' ').Append(Path.GetFileName(done.Path)).Append(' ').Append(done.Error?.GetType().Name ?? "-");
                if (done.Result is { } r)
                {
                    text.Append(CultureInfo.InvariantCulture, $" lines={r.Lines} headers={r.Headers} data={r.DataLines} garbled={r.GarbledLines} binary={r.BinaryLines} headerless={r.LinesWithoutHeader} selected={r.SelectedLines} problem={r.Problem}");
                }

                text.AppendLine();
                all.Merge(done.Groups);
            }
        }

        var results = LogonFailureReport.Build(all, null, LogonType.NetworkCleartext, "401.1", 100, includeAnonymous: true, site: null, sprayThreshold, out var spray);
        foreach (var x in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{x.Identity}|{x.Win32Status}|{x.Count}|{x.FirstSeen:o}|{x.LastSeen:o}|{x.LogFiles}|{x.FromServerItself}|{string.Join(",", x.ClientIPs)}|{x.DistinctClientIPs}|{x.ClientIPsTruncated}|{string.Join(",", x.Uris)}|{x.DistinctUris}|{x.UrisTruncated}|{x.Reason}");
        }

        if (spray is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"spray {spray.Accounts} {spray.Count} {spray.AccountsListed} {string.Join(",", spray.ClientIPs)} {spray.DistinctClientIPs} {string.Join(",", spray.Errors)} {spray.FirstSeen:o} {spray.LastSeen:o}");
        }

        return text.ToString();
    }

    [Fact]
    public void OutputIsTheSameForOneAndManyParallelScanners()
    {
        using var folder = new TempFolder();
        var paths = WriteLogSet(folder);
        var one = Dump(paths, 1, 1000);
        foreach (var degree in new[] { 2, 3, 4, 16 })
        {
            Assert.Equal(one, Dump(paths, degree, 1000));
        }

        // The same with a spray summary in the output.
        var sprayOne = Dump(paths, 1, 3);
        Assert.Contains("spray ", sprayOne, StringComparison.Ordinal);
        Assert.Equal(sprayOne, Dump(paths, 4, 3));
    }

    [Fact]
    public void ParallelScanKeepsFileOrderAndTheWholeSet()
    {
        using var folder = new TempFolder();
        var paths = WriteLogSet(folder);
        var dump = Dump(paths, 4, 1000);
        var lines = dump.Split('\n');

        // Files come back in list order, each with its own counts; the missing file as an error in its place.
        for (var i = 0; i < paths.Count; i++)
        {
            Assert.StartsWith(i.ToString(CultureInfo.InvariantCulture) + " " + Path.GetFileName(paths[i]) + " ", lines[i], StringComparison.Ordinal);
        }

        Assert.Contains("u_ex260302.log - lines=26 headers=3 data=14 garbled=0", lines[1], StringComparison.Ordinal);
        Assert.Contains("u_ex260304.log - lines=11 headers=1 data=7 garbled=5 binary=1", lines[3], StringComparison.Ordinal);
        Assert.Contains("problem=HeaderMissing", lines[5], StringComparison.Ordinal);
        Assert.Contains("u_ex260307.log FileNotFoundException", lines[6], StringComparison.Ordinal);

        // alice: 4,000 lines in file 1 (spelled contoso\ALICE there, the first spelling wins), 3 + 2 in files 2 and 3 under
        // 1385, and 8 + 9 + 10 + 11 in the four small files.
        var alice = lines.Single(l => l.StartsWith("contoso\\ALICE|1385|", StringComparison.Ordinal));
        Assert.StartsWith("contoso\\ALICE|1385|" + (4000 + 3 + 2 + 8 + 9 + 10 + 11) + "|2026-03-01T08:00:00.0000000Z|2026-03-11T12:00:00.0000000Z|7|", alice, StringComparison.Ordinal);

        // erin: more client addresses than a group keeps, so the list is the first ones seen and says so.
        var erin = lines.Single(l => l.StartsWith("CONTOSO\\erin|1326|", StringComparison.Ordinal)).Split('|');
        Assert.Equal((LogonFailureAggregator.MaxTrackedValues + 50).ToString(CultureInfo.InvariantCulture), erin[2]);
        Assert.Equal(LogonFailureAggregator.MaxTrackedValues.ToString(CultureInfo.InvariantCulture), erin[8]);
        Assert.Equal("True", erin[9]);
        Assert.Equal("/u/0,/u/1,/u/2", erin[10]);
        Assert.Equal("3", erin[11]);
        Assert.Equal("False", erin[12]);
    }

    [Fact]
    public void ASprayIsSummarisedWithTheBusiestAccountsListed()
    {
        var aggregator = new LogonFailureAggregator();
        for (var i = 0; i < 5000; i++)
        {
            var t = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).AddSeconds(i).Ticks;
            aggregator.Add("CONTOSO\\s" + i.ToString("0000", CultureInfo.InvariantCulture), 1326, t, "203.0.113." + (7 + (i % 3)), "/owa/auth.owa", false, 1);
        }

        // Three real users who also fail more often from their own machines.
        var later = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc).Ticks;
        for (var i = 0; i < 30; i++)
        {
            aggregator.Add("CONTOSO\\alice", 1909, later, "10.0.0.5", "/owa/", false, 1);
            aggregator.Add("CONTOSO\\s0042", 1326, later, "203.0.113.7", "/owa/auth.owa", false, 1);
        }

        aggregator.Add(null, unchecked((int)NoCredentials), later, "10.0.0.5", "/owa/", false, 1);
        var results = LogonFailureReport.Build(aggregator, null, LogonType.NetworkCleartext, "401.1", 5, includeAnonymous: false, site: null, 1000, out var spray);
        Assert.NotNull(spray);
        Assert.Equal(5001, spray!.Accounts);
        Assert.Equal(5000 + 30 + 30, spray.Count);
        Assert.Equal(LogonFailureReport.SprayAccountsListed, spray.AccountsListed);
        Assert.Equal(4, spray.DistinctClientIPs);
        Assert.Equal("203.0.113.7", spray.ClientIPs[0]);
        Assert.Equal(["ERROR_LOGON_FAILURE (1326): 5030", "ERROR_ACCOUNT_LOCKED_OUT (1909): 30"], spray.Errors);
        Assert.Equal(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), spray.FirstSeen);
        Assert.Contains("password spray", spray.Explanation, StringComparison.Ordinal);

        Assert.Equal(LogonFailureReport.SprayAccountsListed, results.Count);
        Assert.Equal("CONTOSO\\s0042", results[0].Identity);
        Assert.Equal(31, results[0].Count);
        Assert.Equal("CONTOSO\\alice", results[1].Identity);
        Assert.Equal(["CONTOSO\\s0000", "CONTOSO\\s0001"], results.Skip(2).Take(2).Select(r => r.Identity));

        // Above the threshold every account is a result again, and there is no summary.
        var every = LogonFailureReport.Build(aggregator, null, LogonType.NetworkCleartext, "401.1", 5, includeAnonymous: false, site: null, 5001, out var none);
        Assert.Null(none);
        Assert.Equal(5001, every.Count);
    }
}
