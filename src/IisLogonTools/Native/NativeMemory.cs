using System;
using System.Runtime.InteropServices;
using IisLogonTools.Security;

namespace IisLogonTools.Native;

/// <summary>Reading Windows structures out of unmanaged memory.</summary>
internal static class NativeMemory
{
    internal static Sid ReadSid(IntPtr pointer)
    {
        var count = Marshal.ReadByte(pointer, 1);
        var bytes = new byte[8 + (4 * count)];
        Marshal.Copy(pointer, bytes, 0, bytes.Length);
        return Sid.FromBinary(bytes);
    }

    internal static string ReadString(LSA_UNICODE_STRING value) =>
        value.Buffer == IntPtr.Zero || value.Length == 0 ? string.Empty : Marshal.PtrToStringUni(value.Buffer, value.Length / 2);

    internal static T ReadAt<T>(IntPtr pointer, int index)
        where T : struct => Marshal.PtrToStructure<T>(pointer + (index * Marshal.SizeOf<T>()));

    /// <summary>Unmanaged UTF-16 copies of strings as LSA_UNICODE_STRINGs; frees them on dispose.</summary>
    internal sealed class UnicodeStrings : IDisposable
    {
        private readonly IntPtr[] _buffers;

        internal UnicodeStrings(params string[] values)
        {
            _buffers = new IntPtr[values.Length];
            Strings = new LSA_UNICODE_STRING[values.Length];
            try
            {
                for (var i = 0; i < values.Length; i++)
                {
                    // USHORT byte lengths: at most 0x7FFE characters; identities are validated far below that.
                    if (values[i].Length > 0x7FFE)
                    {
                        throw new ArgumentException("A string passed to LSA is limited to 32,766 characters.", nameof(values));
                    }

                    _buffers[i] = Marshal.StringToHGlobalUni(values[i]);
                    Strings[i] = new LSA_UNICODE_STRING
                    {
                        Buffer = _buffers[i],
                        Length = (ushort)(values[i].Length * 2),
                        MaximumLength = (ushort)((values[i].Length * 2) + 2),
                    };
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        internal LSA_UNICODE_STRING[] Strings { get; }

        public void Dispose()
        {
            for (var i = 0; i < _buffers.Length; i++)
            {
                if (_buffers[i] != IntPtr.Zero)
                {
                    Marshal.FreeHGlobal(_buffers[i]);
                    _buffers[i] = IntPtr.Zero;
                }
            }
        }
    }
}
