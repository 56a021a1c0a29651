// Package lock 给 redsync 锁加一个"看门狗"：业务还在跑，就定期给锁续期。
//
// Sell 目前依赖 redsync 的默认过期时间（8 秒）。如果一次扣减事务因为数据库抖动超过了过期时间，
// 锁会被 Redis 自动释放，第二个请求就能拿到同一把锁，互斥失效。看门狗解决的就是这个问题：
// 过期时间保持较短（进程崩溃时锁能尽快自动释放），同时只要持锁的 goroutine 还活着，锁就不会提前过期。
package lock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-redsync/redsync/v4"
)

// Expiry 是锁的过期时间；看门狗每 Expiry/3 续期一次。
const Expiry = 8 * time.Second

// ErrLockLost 表示续期失败（锁已过期或被别人持有），临界区不再受保护。
var ErrLockLost = errors.New("lock: 锁已丢失，续期失败")

// WithLock 拿到名为 name 的锁后执行 fn，执行期间由看门狗续期，结束后释放锁。
//
// fn 收到的 ctx 会在锁丢失时被取消：fn 里的数据库操作应当使用这个 ctx，
// 这样锁一旦丢失，未提交的事务会失败并回滚，而不是在没有互斥的情况下继续写。
func WithLock(ctx context.Context, rs *redsync.Redsync, name string, fn func(ctx context.Context) error) error {
	mutex := rs.NewMutex(name, redsync.WithExpiry(Expiry))
	if err := mutex.LockContext(ctx); err != nil {
		return fmt.Errorf("获取锁 %s: %w", name, err)
	}

	workCtx, cancel := context.WithCancelCause(ctx)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		watch(workCtx, mutex, cancel)
	}()

	err := fn(workCtx)

	// 先停看门狗，再解锁；否则可能在解锁之后又续期一次
	cancel(nil)
	<-stopped
	if _, unlockErr := mutex.Unlock(); unlockErr != nil {
		slog.Warn("释放锁失败", "lock", name, "err", unlockErr)
	}
	if cause := context.Cause(workCtx); errors.Is(cause, ErrLockLost) {
		return errors.Join(err, ErrLockLost)
	}
	return err
}

// watch 每隔 Expiry/3 续期一次，直到 ctx 结束；续期失败时用 ErrLockLost 取消 ctx。
func watch(ctx context.Context, mutex *redsync.Mutex, cancel context.CancelCauseFunc) {
	ticker := time.NewTicker(Expiry / 3)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			ok, err := mutex.ExtendContext(ctx)
			if ctx.Err() != nil {
				return
			}
			if err != nil || !ok {
				slog.Error("锁续期失败", "lock", mutex.Name(), "err", err)
				cancel(ErrLockLost)
				return
			}
		}
	}
}
