package goruntime

import "time"

// 向满的带缓冲 channel 发送会阻塞：发送方 goroutine 被挂起（gopark），
// 包装成 sudog 排进 channel 的 sendq；接收方取走一个元素时把队头的发送方唤醒（goready），
// 它回到 P 的运行队列继续执行。底层结构 hchan 里是一个环形缓冲区（buf、sendx、recvx）和一把锁。

// TrySend 不阻塞地发送：缓冲区满时立刻返回 false。
func TrySend(ch chan<- int64, v int64) bool {
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}

// SendWithin 最多等 d；超时返回 false，避免调用方无限期挂在一个满 channel 上。
func SendWithin(ch chan<- int64, v int64, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case ch <- v:
		return true
	case <-timer.C:
		return false
	}
}
