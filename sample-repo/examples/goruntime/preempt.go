package goruntime

import "sync/atomic"

// SpinUntil 在一个没有函数调用的紧循环里空转计数，直到 stop 被置位，返回转了多少圈。
//
// 循环体里的 stop.Load() 会被内联，整个循环没有一个协作式抢占点（函数序言里的栈检查）。
// Go 1.14 之前，GOMAXPROCS=1 时这样的 goroutine 会一直霸占唯一的 P：负责置位的 goroutine
// 永远轮不到，程序卡死，GC 的 stop-the-world 也等不到它。
// 1.14 起有异步抢占：后台线程 sysmon（不绑定 P）发现一个 G 连续运行超过约 10ms，
// 就向它所在的 M 发 SIGURG 信号，信号处理函数把 G 从安全点换下来，放回队列，别的 G 得以运行。
func SpinUntil(stop *atomic.Bool) uint64 {
	var spins uint64
	for !stop.Load() {
		spins++
	}
	return spins
}
