using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace IisLogonTools.Logs;

/// <summary>The outcome of scanning one file of a <see cref="W3CLogSetScan"/>.</summary>
public sealed class W3CFileScan
{
    internal W3CFileScan(int index, string path, LogonFailureAggregator groups, W3CScanResult? result, Exception? error)
    {
        Index = index;
        Path = path;
        Groups = groups;
        Result = result;
        Error = error;
    }

    /// <summary>The file's position in the list, from 0.</summary>
    public int Index { get; }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The file's groups, to merge in file order with <see cref="LogonFailureAggregator.Merge"/>.</summary>
    public LogonFailureAggregator Groups { get; }

    /// <summary>The line counts, or <see langword="null"/> when the file could not be read.</summary>
    public W3CScanResult? Result { get; }

    /// <summary>Why the file could not be read (an I/O, access or data error), or <see langword="null"/>.</summary>
    public Exception? Error { get; }
}

/// <summary>
/// Scans a list of log files on several threads, one file per thread at a time, and hands the results back
/// strictly in list order. Each file fills its own <see cref="LogonFailureAggregator"/>, so the groups merged
/// in that order are the same for any degree of parallelism, 1 included.
/// </summary>
/// <remarks>
/// At most one file more than the degree is ahead of the consumer, which bounds memory. The consumer (the cmdlet's
/// pipeline thread) is the only one that writes output, errors or progress.
/// </remarks>
public sealed class W3CLogSetScan : IDisposable
{
    private readonly IReadOnlyList<string> _paths;
    private readonly Func<W3CLogScanner> _newScanner;
    private readonly W3CFileScan?[] _done;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancel;
    private readonly Thread[] _workers;
    private readonly int _window;
    private int _next;
    private int _taken;
    private long _bytesRead;
    private Exception? _fault;

    /// <summary>Starts scanning.</summary>
    /// <param name="paths">The files, in the order their results are wanted.</param>
    /// <param name="newScanner">Makes one scanner per thread (each has its own buffer).</param>
    /// <param name="degree">How many files to scan at once; at least 1, at most the number of files.</param>
    /// <param name="cancellation">Stops the workers between reads.</param>
    public W3CLogSetScan(IReadOnlyList<string> paths, Func<W3CLogScanner> newScanner, int degree, CancellationToken cancellation)
    {
        _paths = paths ?? throw new ArgumentNullException(nameof(paths));
        _newScanner = newScanner ?? throw new ArgumentNullException(nameof(newScanner));
        _done = new W3CFileScan?[paths.Count];
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var threads = Math.Max(1, Math.Min(degree, paths.Count));
        _window = threads + 1;
        _workers = new Thread[paths.Count == 0 ? 0 : threads];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = "IisLogonTools log scan " + i };
            _workers[i].Start();
        }
    }

    /// <summary>The default degree: one file per processor.</summary>
    public static int DefaultDegree => Environment.ProcessorCount;

    /// <summary>Bytes read from the files so far (compressed size for gzip files), for progress.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Waits up to <paramref name="wait"/> for the next file in list order.</summary>
    /// <returns><see langword="false"/> when the wait ran out first (call again).</returns>
    /// <exception cref="OperationCanceledException">The scan was cancelled.</exception>
    public bool TryTakeNext(TimeSpan wait, out W3CFileScan? scan)
    {
        lock (_gate)
        {
            if (_taken >= _done.Length)
            {
                throw new InvalidOperationException("Every file was taken already.");
            }

            while (_done[_taken] is null)
            {
                if (_fault is not null)
                {
                    throw new InvalidOperationException("A log scan thread failed: " + _fault.Message, _fault);
                }

                _cancel.Token.ThrowIfCancellationRequested();
                if (!Monitor.Wait(_gate, wait))
                {
                    scan = null;
                    return false;
                }
            }

            scan = _done[_taken];
            _done[_taken] = null;
            _taken++;
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Stops the workers and waits for them.</summary>
    public void Dispose()
    {
        _cancel.Cancel();
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _cancel.Dispose();
    }

    private void Work()
    {
        try
        {
            var scanner = _newScanner();
            while (true)
            {
                int index;
                lock (_gate)
                {
                    index = _next;
                    if (index >= _paths.Count)
                    {
                        return;
                    }

                    _next++;
                    while (index >= _taken + _window && !_cancel.IsCancellationRequested)
                    {
                        Monitor.Wait(_gate);
                    }
                }

                if (_cancel.IsCancellationRequested)
                {
                    return;
                }

                var scan = ScanOne(scanner, index);
                lock (_gate)
                {
                    _done[index] = scan;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
#pragma warning disable CA1031 // A worker's unexpected failure is handed to the consumer, which rethrows it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            lock (_gate)
            {
                _fault ??= e;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private W3CFileScan ScanOne(W3CLogScanner scanner, int index)
    {
        var path = _paths[index];
        var groups = new LogonFailureAggregator();
        Stream? stream = null;
        try
        {
            stream = W3CLogFile.OpenRead(path, out var raw);
            long reported = 0;
            var result = scanner.Scan(stream, index, groups, () =>
            {
                var position = raw.Position;
                Interlocked.Add(ref _bytesRead, position - reported);
                reported = position;
            }, _cancel.Token);
            return new W3CFileScan(index, path, groups, result, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new W3CFileScan(index, path, new LogonFailureAggregator(), null, e);
        }
        finally
        {
            stream?.Dispose();
        }
    }
}
