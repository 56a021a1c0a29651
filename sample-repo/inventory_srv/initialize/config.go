package initialize

import (
	"encoding/json"
	"fmt"
	"os"

	"mxshop_srvs/inventory_srv/global"
)

// InitConfig 读取 JSON 配置文件到 global.ServerConfig。
func InitConfig(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("读取配置文件 %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &global.ServerConfig); err != nil {
		return fmt.Errorf("解析配置文件 %s: %w", path, err)
	}
	return nil
}
