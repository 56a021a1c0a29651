package lock_test

import (
	"context"
	"fmt"

	"github.com/go-redsync/redsync/v4"
	"gorm.io/gorm"

	"mxshop_srvs/inventory_srv/lock"
)

// 看门狗版本的单品扣减：事务用的是 WithLock 传进来的 ctx，锁一旦续期失败，
// ctx 被取消，未提交的事务随之失败，不会在失去互斥的情况下提交。
func ExampleWithLock() {
	var (
		rs *redsync.Redsync // 由 initialize.InitRedsync 创建
		db *gorm.DB         // 由 initialize.InitDB 创建
	)
	goodsID, num := int32(421), int32(2)

	err := lock.WithLock(context.Background(), rs, fmt.Sprintf("goods_%d", goodsID), func(ctx context.Context) error {
		return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			result := tx.Exec("UPDATE inventory SET stocks = stocks - ? WHERE goods = ? AND stocks >= ?", num, goodsID, num)
			if result.Error != nil {
				return result.Error
			}
			if result.RowsAffected == 0 {
				return fmt.Errorf("商品 %d 库存不足", goodsID)
			}
			return nil
		})
	})
	if err != nil {
		fmt.Println("扣减失败:", err)
	}
}
