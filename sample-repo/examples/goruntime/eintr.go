//go:build unix

package goruntime

import (
	"errors"
	"syscall"
)

// IgnoringEINTR 调用 fn，遇到 EINTR 就再调一次。
//
// 信号打断一个慢系统调用时，内核让它返回 EINTR（"被信号打断了，请重试"）。Go 1.14 起，
// 异步抢占让 sysmon 不断向正在运行的线程发 SIGURG，运行时虽然用 SA_RESTART 安装信号处理函数，
// 但有些系统调用不会被内核自动重启，于是 1.14 之前几乎见不到的 EINTR 变多了（1.14 的发布说明专门提醒过）。
// os、net 包内部已经替你重试（os 包里也叫 ignoringEINTR）；直接用 syscall 或 golang.org/x/sys/unix 的代码要自己重试。
func IgnoringEINTR(fn func() error) error {
	for {
		err := fn()
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// ReadFD 直接用 syscall.Read 读一个文件描述符：绕过了 os 包，EINTR 要自己处理。
func ReadFD(fd int, p []byte) (int, error) {
	var n int
	err := IgnoringEINTR(func() error {
		var err error
		n, err = syscall.Read(fd, p)
		return err
	})
	return n, err
}
