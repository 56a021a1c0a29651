// Package snowflake 生成 64 位、趋势递增的分布式 ID，订单号 OrderSn 由它生成。
//
// 位布局（从高到低）：
//
//	1 位符号位（恒为 0） | 41 位毫秒时间戳（相对 Epoch） | 10 位机器号 | 12 位序列号
//
// 41 位毫秒大约可用 69 年；10 位机器号最多 1024 个实例；12 位序列号每毫秒 4096 个 ID。
// 它以库的形式嵌进各个服务（内嵌 SDK 模式），生成时不走网络；代价是每个实例的机器号必须唯一，
// 通常在启动时从配置中心或 Redis 领取。
package snowflake

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

const (
	workerBits   = 10
	sequenceBits = 12

	// MaxWorkerID 是机器号的最大值（1023）。
	MaxWorkerID  = 1<<workerBits - 1
	sequenceMask = 1<<sequenceBits - 1 // 4095

	workerShift    = sequenceBits
	timestampShift = sequenceBits + workerBits

	// Epoch 是自定义纪元 2024-01-01 00:00:00 UTC（毫秒）。
	// 从项目上线附近开始计时，41 位时间戳就不会浪费在 1970 年以来的几十年上。
	Epoch int64 = 1704067200000

	// MaxBackwardWait 是能容忍的时钟回拨：回拨不超过它就等时钟追上来，超过就拒绝发号。
	MaxBackwardWait = 5 * time.Millisecond
)

var (
	// ErrClockBackwards 表示系统时钟回拨超过了 MaxBackwardWait。
	ErrClockBackwards = errors.New("snowflake: 时钟回拨，拒绝生成 ID")
	// ErrInvalidWorkerID 表示机器号超出 [0, MaxWorkerID]。
	ErrInvalidWorkerID = errors.New("snowflake: 机器号超出范围")
)

// Node 是一个发号器实例，并发安全。
type Node struct {
	mu       sync.Mutex
	workerID int64
	lastMs   int64 // 上一次发号使用的毫秒时间戳
	sequence int64 // lastMs 这一毫秒内已经用到的序列号

	now func() int64 // 当前 Unix 毫秒；测试里可以替换
}

// NewNode 创建机器号为 workerID 的发号器。
func NewNode(workerID int64) (*Node, error) {
	if workerID < 0 || workerID > MaxWorkerID {
		return nil, fmt.Errorf("%w: %d", ErrInvalidWorkerID, workerID)
	}
	return &Node{
		workerID: workerID,
		now:      func() int64 { return time.Now().UnixMilli() },
	}, nil
}

// NextID 返回下一个 ID。
//
// 整个过程在一把互斥锁里完成：读时钟、和上次比较、序列号自增或归零、记录本次时间，
// 是一组必须一起完成的检查加修改，单个原子计数器表达不了"跨毫秒归零"。
func (n *Node) NextID() (int64, error) {
	n.mu.Lock()
	defer n.mu.Unlock()

	now := n.now()
	if now < n.lastMs {
		// 时钟回拨（比如 NTP 校时）。继续发号会和回拨前发过的 ID 重复。
		backward := time.Duration(n.lastMs-now) * time.Millisecond
		if backward > MaxBackwardWait {
			return 0, fmt.Errorf("%w: 回拨 %v", ErrClockBackwards, backward)
		}
		now = n.waitUntil(n.lastMs)
	}

	if now == n.lastMs {
		n.sequence = (n.sequence + 1) & sequenceMask
		if n.sequence == 0 {
			// 这一毫秒的 4096 个序列号用完了：自旋到下一毫秒
			now = n.waitUntil(n.lastMs + 1)
		}
	} else {
		n.sequence = 0
	}
	n.lastMs = now

	return (now-Epoch)<<timestampShift | n.workerID<<workerShift | n.sequence, nil
}

// waitUntil 忙等到时钟不早于 target 毫秒，返回当时的时间。
// 最多等一毫秒左右（或 MaxBackwardWait），忙等比 Sleep 更准。
func (n *Node) waitUntil(target int64) int64 {
	now := n.now()
	for now < target {
		now = n.now()
	}
	return now
}

// Parts 把 ID 拆回生成时间、机器号和序列号，排查问题时用。
func Parts(id int64) (at time.Time, workerID int64, sequence int64) {
	ms := id>>timestampShift + Epoch
	return time.UnixMilli(ms), id >> workerShift & MaxWorkerID, id & sequenceMask
}
