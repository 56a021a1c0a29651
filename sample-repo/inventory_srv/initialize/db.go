package initialize

import (
	"fmt"
	"time"

	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"

	"mxshop_srvs/inventory_srv/global"
	"mxshop_srvs/inventory_srv/model"
)

// InitDB 连接 MySQL 并同步表结构。
func InitDB() error {
	c := global.ServerConfig.MysqlInfo
	// innodb_lock_wait_timeout=3：驱动把不认识的 DSN 参数当成会话变量 SET 下去。默认 50 秒，
	// 调用方的 ctx 早就结束、驱动也断开了连接，等行锁的那条语句仍在服务器上挂着，直到超时才发现客户端没了。
	// 热点行上没有 Redis 锁挡着时（锁失效、或者只靠条件 UPDATE），几百个这样的等待会占满 InnoDB 的线程。
	dsn := fmt.Sprintf("%s:%s@tcp(%s:%d)/%s?charset=utf8mb4&parseTime=True&loc=Local&innodb_lock_wait_timeout=3",
		c.User, c.Password, c.Host, c.Port, c.Name)

	db, err := gorm.Open(mysql.Open(dsn), &gorm.Config{
		NamingStrategy: schema.NamingStrategy{SingularTable: true},
		Logger:         logger.Default.LogMode(logger.Warn),
		// 把 MySQL 1062 (Duplicate entry) 翻译成 gorm.ErrDuplicatedKey，
		// Sell 靠它识别"同一个订单号的重复扣减"。
		TranslateError: true,
	})
	if err != nil {
		return fmt.Errorf("连接 MySQL: %w", err)
	}

	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	// 连接池上限：等行锁的事务一直占着自己的连接，100 个都在等时，别的请求（查库存、归还）排在 database/sql 里等连接
	sqlDB.SetMaxOpenConns(100)
	sqlDB.SetMaxIdleConns(20)
	sqlDB.SetConnMaxLifetime(time.Hour)

	if err := db.AutoMigrate(&model.Inventory{}, &model.StockSellDetail{}); err != nil {
		return fmt.Errorf("同步表结构: %w", err)
	}
	global.DB = db
	return nil
}
