// Package global 保存 inventory_srv 启动时初始化、之后只读的全局对象。
package global

import (
	"github.com/go-redsync/redsync/v4"
	"gorm.io/gorm"

	"mxshop_srvs/inventory_srv/config"
)

var (
	// DB 是 MySQL 连接池；库存的真实数据只在这里。
	DB *gorm.DB
	// Rs 用来创建商品粒度的分布式锁；Redis 只做锁，不存库存。
	Rs *redsync.Redsync
	// ServerConfig 是从配置文件读出的全部配置。
	ServerConfig config.ServerConfig
)
