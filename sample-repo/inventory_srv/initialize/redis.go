package initialize

import (
	"context"
	"fmt"

	"github.com/go-redsync/redsync/v4"
	"github.com/go-redsync/redsync/v4/redis/goredis/v9"
	goredislib "github.com/redis/go-redis/v9"

	"mxshop_srvs/inventory_srv/global"
)

// InitRedsync 连接 Redis 并创建 redsync 实例。
// 这里只有一个 Redis 节点；要真正按 Redlock 多数派加锁，需要传入多个独立节点的 pool。
func InitRedsync() error {
	c := global.ServerConfig.RedisInfo
	client := goredislib.NewClient(&goredislib.Options{
		Addr: fmt.Sprintf("%s:%d", c.Host, c.Port),
	})
	if err := client.Ping(context.Background()).Err(); err != nil {
		return fmt.Errorf("连接 Redis: %w", err)
	}
	global.Rs = redsync.New(goredis.NewPool(client))
	return nil
}
